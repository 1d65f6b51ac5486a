// `@windback/browser/preview`: the real cancel-flow modal frozen at one step, for styling it (the
// demo's workbench renders every step at once with it). Not part of the script tag or the main
// entry: a billing page never loads it.
import type { CancelFlowConfig, CancelFlowResult, Customer, Step, Theme } from './cancel-flow/types.js'
import { resolveConfig } from './cancel-flow/config-schema.js'
import { defaultConfig, loadStrings, pickLocale } from './ui/locale.js'
import { HOST_TAG, renderCancelFlow } from './ui/render-flow.js'
import { resolveTheme } from './ui/theme.js'

export type PreviewStep = Step | 'fallback'

export interface PreviewOptions {
  /** Where the `<windback-cancel-flow>` host goes. */
  container: HTMLElement
  /** A config as the API would answer it (checked like one); ignored for `fallback`. */
  config?: unknown
  /** The step shown; `fallback` is the reasons step of the built-in config shown when none loads. */
  step: PreviewStep
  /** The reason picked before the step is shown (its feedback box shows on the reasons step). */
  reason?: string
  locale?: string
  /** Overrides the config's theme, as the `theme` option does. */
  theme?: Partial<Theme>
  /** Decides which offers are eligible, as the `customer` option does. */
  customer?: Partial<Customer>
  /** Called when the customer finishes the preview (it then shows its step again). */
  onFinish?: (result: CancelFlowResult) => void
}

// In place of the modal's top layer: the same box, fixed in the preview's own viewport (a frame per
// tile in the workbench), so desktop and 320 px layouts are the real ones.
const IN_PLACE_CSS = '.wb-dialog[open]:not(:modal){position:fixed;inset:0}'

export interface Preview {
  unmount(): void
}

/**
 * Renders the modal in place (not as a modal dialog, taking no focus) at `step`, interactive: a
 * decision is reported to `onFinish` and the preview starts over at its step.
 */
export async function renderPreview(options: PreviewOptions): Promise<Preview> {
  const locale = options.locale || 'en'
  const spoken = await loadStrings(pickLocale([locale]))
  const loaded = options.step === 'fallback' ? undefined : resolveConfig({ ok: true, status: 200, data: options.config })
  const fetched = loaded && !loaded.fallback ? loaded.config : undefined
  const config: CancelFlowConfig = fetched ?? defaultConfig(spoken.strings)
  const step: Step = options.step === 'fallback' ? 'reasons' : options.step
  const inPlace = new CSSStyleSheet()
  inPlace.replaceSync(IN_PLACE_CSS)
  let current: { unmount(): void } | undefined
  const show = () => {
    current = renderCancelFlow({
      config,
      customer: { email: 'preview@example.com', ...options.customer },
      theme: resolveTheme(config.theme, options.theme ?? {}),
      locale,
      ...(fetched ? {} : { lang: spoken.locale }),
      strings: spoken.strings,
      container: options.container,
      emit: () => undefined,
      onFinish: (result) => {
        current?.unmount()
        options.onFinish?.(result)
        show()
      },
      preview: { step, ...(options.reason ? { reason: options.reason } : {}) },
    })
    // The host just appended: the last one, while an earlier preview may still be in the container.
    const root = [...options.container.querySelectorAll(HOST_TAG)].at(-1)?.shadowRoot
    if (root) {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, inPlace]
      // A picked reason's feedback box, brought into view inside the dialog only (scrollIntoView
      // would scroll the page around the preview too).
      const feedback = root.querySelector('[part~=feedback]')
      const body = root.querySelector('.wb-body')
      if (feedback && body) body.scrollTop += Math.max(0, feedback.getBoundingClientRect().bottom - body.getBoundingClientRect().bottom + 16)
    }
  }
  show()
  return { unmount: () => current?.unmount() }
}
