// `@windback/browser/react`: the cancel flow as a hook, safe under StrictMode, Fast Refresh and SSR.
import { useEffect, useMemo, useRef, useState } from 'react'
import { createFlowSlot, type CancelFlowControls } from '../bindings/flow-slot.js'
import type { CancelFlowOptions } from '../cancel-flow/types.js'

export type { CancelFlowControls } from '../bindings/flow-slot.js'
export type { CancelFlowOptions, CancelFlowResult } from '../cancel-flow/types.js'

export interface UseCancelFlow extends CancelFlowControls {
  /** True from `open()` until its promise settles. */
  isOpen: boolean
}

/**
 * A cancel flow for the component's customer. Nothing runs during render or on the server; the
 * flow is created on the first `preload()` / `open()`, re-created when `publicKey`, `apiBase` or
 * `customer.email` change (a new options object alone changes nothing), and an open flow is
 * closed (`dismissed`) on unmount.
 *
 * @example
 * const { open, preload } = useCancelFlow({ publicKey: 'pub_123', customer: { email } })
 * <button onPointerEnter={preload} onClick={async () => handle(await open())}>Cancel</button>
 */
export function useCancelFlow(options: CancelFlowOptions): UseCancelFlow {
  const latest = useRef(options)
  latest.current = options
  const [isOpen, setIsOpen] = useState(false)
  const slot = useMemo(() => createFlowSlot(() => latest.current, setIsOpen), [])
  const identity = [options?.publicKey, options?.apiBase, options?.customer?.email]
  // Runs after every commit whose identity changed, and its cleanup on unmount (and on
  // StrictMode's simulated unmount, followed at once by the setup again): the flow is destroyed
  // and forgotten, so the next open() builds a fresh one instead of reusing a destroyed one.
  useEffect(() => {
    slot.mount()
    return () => slot.unmount()
  }, [slot, ...identity])
  return { ...slot.controls, isOpen }
}
