import type { CancelFlowResult } from '../../../src/cancel-flow/types.js'

/** What the test apps expose to the tests that drive them. */
export interface AppHarness {
  /** The framework's version, so a test knows which one it runs. */
  version: string
  /** How often the root component's mount effect ran: 2 under StrictMode in development. */
  mountEffects: number
  setEmail(email: string): void
  setMounted(mounted: boolean): void
  /** Opens the probe's flow (the hook used directly) and records how it ended in `outcomes`. */
  openProbe(): void
  outcomes: CancelFlowResult['outcome'][]
}

declare global {
  interface Window {
    app: AppHarness
  }
}
