import { createCancelFlow } from '../cancel-flow/create-cancel-flow.js'
import { WindbackError } from '../errors.js'
import type { CancelFlow, CancelFlowOptions, CancelFlowResult } from '../cancel-flow/types.js'

/** What the React hook and the Vue composable return, minus how each framework exposes `isOpen`. */
export interface CancelFlowControls {
  /** Opens the flow (created on first use); rejects only for bad options, like `openCancelFlow`. */
  open(): Promise<CancelFlowResult>
  /** Fetches the config and the modal's code ahead of time, e.g. on hover. Never rejects. */
  preload(): Promise<void>
  /** Closes an open flow; its `open()` promise resolves `{ outcome: 'dismissed' }`. */
  close(): void
}

/** The options that make a flow another flow; any other change (name, theme, onEvent) is picked up at the next one. */
const identity = (options: CancelFlowOptions): string =>
  JSON.stringify([options?.publicKey, options?.apiBase, options?.customer?.email])

/**
 * The one cancel flow a component owns, created lazily in the browser (never during server
 * rendering) and replaced when `publicKey`, `apiBase` or `customer.email` change. `release()`
 * destroys it (closing an open flow as `dismissed`) and forgets it, so the next `open()` gets a
 * fresh flow, never a destroyed one. `unmount()` also refuses new flows until `mount()`: a modal
 * opened for a component that is gone would have no one to answer it (React's StrictMode and
 * Fast Refresh unmount and mount again at once, so they never see the refusal).
 */
export function createFlowSlot(readOptions: () => CancelFlowOptions, onOpenChange: (open: boolean) => void) {
  let held: { key: string; flow: CancelFlow } | undefined
  let openCount = 0
  let unmounted = false

  const current = (): CancelFlow => {
    if (unmounted) throw new WindbackError('FLOW_DESTROYED', 'open() was called after the component unmounted; its cancel flow is gone.')
    const options = readOptions()
    const key = identity(options)
    if (held?.key !== key) {
      held?.flow.destroy()
      held = { key, flow: createCancelFlow(options) }
    }
    return held.flow
  }

  const controls: CancelFlowControls = {
    open() {
      let flow: CancelFlow
      try {
        flow = current()
      } catch (error) {
        return Promise.reject(error)
      }
      const pending = flow.open()
      openCount += 1
      onOpenChange(true)
      void pending.then(
        () => undefined,
        () => undefined,
      ).then(() => {
        openCount -= 1
        if (openCount === 0) onOpenChange(false)
      })
      return pending
    },
    preload() {
      try {
        return current().preload()
      } catch {
        // Bad options surface at open(), where the host handles the result.
        return Promise.resolve()
      }
    },
    close: () => held?.flow.close(),
  }

  const release = () => {
    held?.flow.destroy()
    held = undefined
  }
  return {
    controls,
    release,
    mount() {
      unmounted = false
    },
    unmount() {
      unmounted = true
      release()
    },
  }
}
