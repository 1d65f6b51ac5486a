import { effect } from '@preact/signals'
import { render } from 'preact'
import { createFlowModel } from '../cancel-flow/flow-model.js'
import type { CancelFlowConfig, CancelFlowEvent, CancelFlowResult, Customer, Step, Theme } from '../cancel-flow/types.js'
import type { LocaleStrings } from './locale.js'
import { CancelModal } from './cancel-modal.js'
import { resolveCopy } from './copy.js'
import { deepActiveElement, wrapTabFocus } from './focus.js'
import { isRtlLocale, themeCss } from './theme.js'
import baseCss from './styles.css?inline'

export interface RenderParams {
  config: CancelFlowConfig
  /** Who the flow is for: decides which offers they may see. */
  customer: Customer
  theme: Theme
  /** The requested locale: it sets `dir` and number formats, and `lang` unless `lang` is given. */
  locale: string
  /** The language of the visible text when it is not `locale` (the built-in config, in English). */
  lang?: string
  /** The widget's own strings in `locale`; the config's `copy` overrides them. */
  strings: LocaleStrings
  container: HTMLElement
  emit: (event: CancelFlowEvent) => void
  /** Called once, with the outcome the customer chose. */
  onFinish: (result: CancelFlowResult) => void
  /**
   * A styling preview (the workbench's gallery): opens already at `step` with `reason` picked,
   * in place rather than as a modal, and takes no focus and no page scroll.
   */
  preview?: { step: Step; reason?: string }
}

export interface RenderedFlow {
  /** Ends the flow as `dismissed` (no-op once decided). */
  dismiss(): void
  /** Removes the modal and every listener; gives focus back to where it was. */
  unmount(): void
}

export const HOST_TAG = 'windback-cancel-flow'

/**
 * Mounts the modal: a `<windback-cancel-flow>` host with an open shadow root, a native modal
 * `<dialog>` in the top layer (above any z-index of the page, and the page behind it inert).
 */
export function renderCancelFlow(params: RenderParams): RenderedFlow {
  const returnFocusTo = params.preview ? null : deepActiveElement()
  const host = document.createElement(HOST_TAG)
  const scrollingElement = document.documentElement
  const previousOverflow = scrollingElement.style.overflow
  try {
    return mount(host, params, () => {
      host.remove()
      scrollingElement.style.overflow = previousOverflow
      if (returnFocusTo instanceof HTMLElement && returnFocusTo.isConnected) returnFocusTo.focus({ preventScroll: true })
    })
  } catch (error) {
    // Whatever was half-built must not stay on the page of a customer who now cancels elsewhere.
    host.remove()
    scrollingElement.style.overflow = previousOverflow
    throw error
  }
}

function mount(
  host: HTMLElement,
  { config, customer, theme, locale, lang = locale, strings, container, emit, onFinish, preview }: RenderParams,
  restorePage: () => void,
): RenderedFlow {
  const root = host.attachShadow({ mode: 'open' })
  adoptStyles(root, [baseCss, themeCss(theme)])
  container.appendChild(host)

  const model = createFlowModel(config, emit, customer)
  if (preview) {
    if (preview.reason) model.selectReason(preview.reason)
    while (model.step.value !== preview.step && model.step.value !== 'confirm') model.continueToCancel()
  }
  const copy = resolveCopy(strings.copy, config.copy)
  const dialog = document.createElement('dialog')
  dialog.className = 'wb-dialog'
  dialog.setAttribute('part', 'dialog')
  dialog.setAttribute('role', 'dialog')
  dialog.setAttribute('aria-modal', 'true')
  dialog.setAttribute('aria-labelledby', 'wb-title')
  dialog.dataset['mode'] = theme.mode
  dialog.lang = lang
  dialog.dir = isRtlLocale(locale) ? 'rtl' : 'ltr'
  root.appendChild(dialog)

  const openUrl = (url: string) => window.open(url, '_blank', 'noopener,noreferrer')
  render(<CancelModal model={model} copy={copy} locale={locale} logoUrl={theme.logo_url} openUrl={openUrl} preview={Boolean(preview)} />, dialog)

  const stopDescribing = effect(() => {
    const hasDescription = model.step.value !== 'reasons' || Boolean(config.subtitle)
    if (hasDescription) dialog.setAttribute('aria-describedby', 'wb-description')
    else dialog.removeAttribute('aria-describedby')
  })

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      model.dismiss()
    } else wrapTabFocus(event, dialog, root)
  }
  // The platform's own close request (Escape, Android back): keep the dialog, end the flow our way.
  const onCancel = (event: Event) => {
    event.preventDefault()
    model.dismiss()
  }
  // A click lands on the <dialog> itself only on its ::backdrop, the content filling the box.
  let pressedOnBackdrop = false
  const onPointerDown = (event: PointerEvent) => (pressedOnBackdrop = event.target === dialog)
  const onClick = (event: MouseEvent) => {
    if (pressedOnBackdrop && event.target === dialog) model.dismiss()
    pressedOnBackdrop = false
  }
  dialog.addEventListener('keydown', onKeyDown)
  dialog.addEventListener('cancel', onCancel)
  dialog.addEventListener('pointerdown', onPointerDown)
  dialog.addEventListener('click', onClick)

  let lockScroll: number | undefined
  if (preview) dialog.setAttribute('open', '')
  else {
    const title = root.getElementById('wb-title') as HTMLElement | null
    if (typeof dialog.showModal === 'function') {
      // showModal() focuses the autofocus element itself: one style and layout pass, not two.
      title?.setAttribute('autofocus', '')
      dialog.showModal()
    } else {
      dialog.setAttribute('open', '')
      title?.focus({ preventScroll: true })
    }
    // The page's scroll lock waits for the dialog's first frame: a style change on the root
    // restyles and lays out the whole page, which would otherwise come before the dialog shows.
    lockScroll = requestAnimationFrame(() => (document.documentElement.style.overflow = 'hidden'))
    emit({ type: 'opened', step: 'reasons' })
    model.start()
  }

  let finished = false
  const stopWatching = effect(() => {
    const result = model.result.value
    if (!result || finished) return
    finished = true
    queueMicrotask(() => onFinish(result))
  })

  return {
    dismiss: model.dismiss,
    unmount() {
      if (lockScroll !== undefined) cancelAnimationFrame(lockScroll)
      stopWatching()
      stopDescribing()
      dialog.removeEventListener('keydown', onKeyDown)
      dialog.removeEventListener('cancel', onCancel)
      dialog.removeEventListener('pointerdown', onPointerDown)
      dialog.removeEventListener('click', onClick)
      render(null, dialog)
      if (dialog.open) dialog.close()
      restorePage()
    },
  }
}

/** Each stylesheet parsed once per page, then shared by every shadow root that adopts it. */
const parsedSheets = new Map<string, CSSStyleSheet>()

/**
 * Constructable stylesheets where the browser has them: a strict CSP needs no
 * `'unsafe-inline'` for them. A `<style>` element otherwise.
 */
function adoptStyles(root: ShadowRoot, cssTexts: string[]): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    root.adoptedStyleSheets = cssTexts.map((css) => {
      let sheet = parsedSheets.get(css)
      if (!sheet) {
        sheet = new CSSStyleSheet()
        sheet.replaceSync(css)
        parsedSheets.set(css, sheet)
      }
      return sheet
    })
    return
  }
  for (const css of cssTexts) {
    const style = document.createElement('style')
    style.textContent = css
    root.appendChild(style)
  }
}
