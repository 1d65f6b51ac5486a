import { browserLocalStorage } from '../core/storage.js'
import { logError, warn } from '../core/log.js'
import { OUTBOX_STORAGE_KEY } from '../defaults.js'
import { WindbackError } from '../errors.js'
import type { PendingRequest } from '../core/request.js'
import { requestConfig } from './config-request.js'
import { loadModal, loadOutboxCode, type Modal } from './on-demand.js'
import { normalizeCancelFlowOptions } from './options.js'
import type { Outbox } from './outbox.js'
import type { CancelFlow, CancelFlowEvent, CancelFlowOptions, CancelFlowResult } from './types.js'

type PreparedFlow = Awaited<ReturnType<Modal['prepareFlow']>>

/** What the flow talks to; replaced in tests. */
export interface CancelFlowDeps {
  fetch: typeof fetch
  loadModal: () => Promise<Modal>
  outbox: () => Promise<Outbox>
}

let pageOutbox: Promise<Outbox> | undefined
const outboxFailed = (error: unknown): undefined => {
  logError('The cancel-flow outbox could not be loaded; answers are not sent.', error)
}
/**
 * One outbox per page; it resends what an earlier page left behind. Its code loads when answers
 * are waiting, or beside the config and the modal on the first preload() or open(), so the main
 * entry stays small; a flow waits for it before showing, so every decision has somewhere durable
 * to go.
 */
function sharedOutbox(): Promise<Outbox> {
  pageOutbox ??= loadOutboxCode().then(({ createOutbox }) => {
    const outbox = createOutbox({
      fetch: (...args) => fetch(...args),
      storage: browserLocalStorage,
      ...(typeof window === 'undefined' ? {} : { window, document }),
    })
    void outbox.resume()
    return outbox
  })
  pageOutbox.catch(() => (pageOutbox = undefined))
  return pageOutbox
}

const defaultDeps = (): CancelFlowDeps => ({
  fetch: (...args) => fetch(...args),
  loadModal,
  outbox: sharedOutbox,
})

/** The flow on screen right now, page-wide: a second flow opening ends the first as `dismissed`. */
let visibleFlow: { close(): void } | undefined

/**
 * Resends answers an earlier page left undelivered, if it left any: reading the stored list is
 * all it does when that is empty (the outbox's code is loaded only for entries). Run by the script
 * tag once the page is idle, and by every new flow.
 */
export function resumePendingSubmissions(): void {
  let stored: string | null | undefined
  try {
    stored = browserLocalStorage()?.getItem(OUTBOX_STORAGE_KEY)
  } catch {
    // Storage blocked (a sandboxed frame): nothing can have been left here either.
  }
  if (stored && stored !== '[]') sharedOutbox().catch(outboxFailed)
}

/**
 * A cancel flow for one customer, to open when they click "Cancel". Throws `INVALID_KEY` for
 * anything but a `pub_` key and `INVALID_OPTIONS` for bad options, before any request.
 */
export function createCancelFlow(options: CancelFlowOptions): CancelFlow {
  const flow = buildCancelFlow(options, defaultDeps())
  resumePendingSubmissions()
  return flow
}

/** {@link createCancelFlow} with its collaborators given explicitly. */
export function buildCancelFlow(options: CancelFlowOptions, { fetch, loadModal, outbox }: CancelFlowDeps): CancelFlow {
  const settings = normalizeCancelFlowOptions(options)
  // Asked on preload() and on each open(): the page's outbox remembers a success and forgets a
  // failure, so a file that failed to load once (the network blinked) is loaded again.
  const delivery = () => outbox().catch(outboxFailed)

  let configRequest: PendingRequest | undefined
  let modalPromise: Promise<Modal> | undefined
  let current: { promise: Promise<CancelFlowResult>; settle(result: CancelFlowResult): void; close(): void } | undefined
  let destroyed = false

  const config = () => (configRequest ??= requestConfig({ apiBase: settings.apiBase, publicKey: settings.publicKey, fetch }))
  const modal = () => {
    modalPromise ??= loadModal().catch((cause: unknown) => {
      modalPromise = undefined
      throw cause
    })
    return modalPromise
  }

  const emit = (event: CancelFlowEvent) => {
    if (!settings.onEvent) return
    try {
      settings.onEvent(event)
    } catch (error) {
      logError('onEvent threw; the flow goes on.', error)
    }
  }

  function open(): Promise<CancelFlowResult> {
    if (current) return current.promise
    // Rejected, not resolved as `error`: a host answers `error` by cancelling without a flow,
    // and a destroyed flow is a bug in the host's code, not a reason to cancel.
    if (destroyed) {
      return Promise.reject(new WindbackError('FLOW_DESTROYED', 'open() was called after destroy(); create a new cancel flow instead.'))
    }
    let resolve!: (result: CancelFlowResult) => void
    const promise = new Promise<CancelFlowResult>((done) => (resolve = done))
    let unmount: (() => void) | undefined
    let dismissRendered: (() => void) | undefined
    const flow = {
      promise,
      settle(result: CancelFlowResult) {
        if (current !== flow) return
        current = undefined
        if (visibleFlow === flow) visibleFlow = undefined
        unmount?.()
        resolve(result)
      },
      close() {
        if (dismissRendered) dismissRendered()
        else {
          emit({ type: 'dismissed', step: null })
          flow.settle({ outcome: 'dismissed' })
        }
      },
    }
    current = flow
    // open() always settles: whatever fails while preparing the modal ends the flow as `error`.
    show(flow, (mounted) => {
      unmount = mounted.unmount
      dismissRendered = mounted.dismiss
    }).catch((cause: unknown) => flow.settle(renderError(cause)))
    return promise
  }

  let preparing: Promise<PreparedFlow> | undefined
  /** The flow made ready once and kept, unless something stood in for what failed to load. */
  const prepare = (ui: Modal) => {
    preparing ??= ui.prepareFlow(config(), settings.locale).then(
      (prepared) => {
        if (prepared.degraded) configRequest = preparing = undefined
        return prepared
      },
      (cause: unknown) => {
        configRequest = preparing = undefined
        throw cause
      },
    )
    return preparing
  }

  async function show(
    flow: NonNullable<typeof current>,
    onMounted: (mounted: { unmount(): void; dismiss(): void }) => void,
  ): Promise<void> {
    const [ui, answers] = await Promise.all([modal().catch((cause: unknown) => cause as Error), delivery()])
    if (current !== flow) return
    if (ui instanceof Error) return flow.settle(renderError(ui))
    const prepared = await prepare(ui)
    if (current !== flow) return
    if (prepared.fallbackError) reportFallback(prepared.fallbackError)
    visibleFlow?.close()
    visibleFlow = flow
    try {
      onMounted(
        ui.showFlow(prepared, {
          customer: settings.customer,
          theme: settings.theme,
          container: settings.container ?? document.body,
          emit,
          onFinish: (result, submission) => {
            if (submission && answers) {
              const { apiBase, publicKey } = settings
              const entry = { id: submission.submission_id, url: `${apiBase}/cancel-flow/reasons`, publicKey, body: JSON.stringify(submission) }
              void answers.enqueue(entry)
            }
            flow.settle(result)
          },
        }),
      )
    } catch (cause) {
      flow.settle(renderError(cause))
    }
  }

  function reportFallback(error: WindbackError) {
    warn(`The cancel-flow config could not be used (${error.code}: ${error.message}); showing the default reasons.`)
    emit({ type: 'error', error, fallback: true })
  }

  function renderError(cause: unknown): CancelFlowResult {
    const error =
      cause instanceof WindbackError ? cause : new WindbackError('RENDER_ERROR', 'The cancel flow could not be shown', { cause })
    logError(`${error.message}; fall back to your own cancel path.`, cause)
    emit({ type: 'error', error })
    return { outcome: 'error', error }
  }

  return {
    async preload() {
      if (destroyed) return
      // The config and the modal's code load side by side; then the strings, so open() waits for
      // nothing. Never rejects: whatever failed here is tried again, and reported, by open().
      config()
      const [ui] = await Promise.all([modal().catch(() => undefined), delivery()])
      if (ui) await prepare(ui).catch(() => undefined)
    },
    open,
    close: () => current?.close(),
    destroy() {
      destroyed = true
      current?.close()
    },
  }
}

/**
 * Opens the cancel flow once and resolves with its outcome. Rejects only for bad options
 * (`INVALID_KEY`, `INVALID_OPTIONS`); every later failure resolves `{ outcome: 'error' }` or
 * falls back to the default reasons, so the customer can always cancel.
 */
export async function openCancelFlow(options: CancelFlowOptions): Promise<CancelFlowResult> {
  const flow = createCancelFlow(options)
  try {
    return await flow.open()
  } finally {
    flow.destroy()
  }
}
