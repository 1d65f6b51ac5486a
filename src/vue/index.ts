// `@windback/browser/vue`: the cancel flow as a composable with reactive options.
import { getCurrentScope, onScopeDispose, readonly, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import { createFlowSlot, type CancelFlowControls } from '../bindings/flow-slot.js'
import type { CancelFlowOptions } from '../cancel-flow/types.js'

export type { CancelFlowControls } from '../bindings/flow-slot.js'
export type { CancelFlowOptions, CancelFlowResult } from '../cancel-flow/types.js'

export interface UseCancelFlow extends CancelFlowControls {
  /** True from `open()` until its promise settles. */
  isOpen: Readonly<Ref<boolean>>
}

/**
 * A cancel flow for the component's customer, from options that may be a ref or a getter.
 * Nothing runs during server rendering; the flow is created on the first `preload()` / `open()`,
 * re-created when `publicKey`, `apiBase` or `customer.email` change, and an open flow is closed
 * (`dismissed`) when the component's scope is disposed.
 *
 * @example
 * const { open, preload } = useCancelFlow(() => ({ publicKey: 'pub_123', customer: { email: props.email } }))
 */
export function useCancelFlow(options: MaybeRefOrGetter<CancelFlowOptions>): UseCancelFlow {
  const isOpen = ref(false)
  const slot = createFlowSlot(() => toValue(options), (open) => (isOpen.value = open))
  if (getCurrentScope()) {
    watch(
      () => {
        const value = toValue(options)
        return [value?.publicKey, value?.apiBase, value?.customer?.email].join('\n')
      },
      () => slot.release(),
    )
    onScopeDispose(() => slot.unmount())
  }
  return { ...slot.controls, isOpen: readonly(isOpen) }
}
