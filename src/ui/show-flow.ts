import { readConfig } from '../cancel-flow/config-loader.js'
import { resolveConfig } from '../cancel-flow/config-schema.js'
import { buildSubmission, type ReasonsSubmission } from '../cancel-flow/submission.js'
import type { CancelFlowConfig, CancelFlowEvent, CancelFlowResult, Customer, Theme } from '../cancel-flow/types.js'
import type { PendingRequest } from '../core/request.js'
import type { WindbackError } from '../errors.js'
import { defaultConfig, languageOf, loadStrings, pickLocale, type LocaleStrings } from './locale.js'
import { renderCancelFlow, type RenderedFlow } from './render-flow.js'
import { resolveTheme } from './theme.js'

/** What a flow shows, made ready before it opens (on `preload()`, or on `open()` at the latest). */
export interface PreparedFlow {
  config: CancelFlowConfig
  /** Why the built-in config stands in for the fetched one. */
  fallbackError?: WindbackError
  /** The requested locale: `dir`, number formats, and `lang` of the config's own texts. */
  locale: string
  /** The language of the widget's strings: English when the requested one could not be loaded. */
  spoken: string
  strings: LocaleStrings
  /** The built-in config or English stands in for something that failed: worth trying again. */
  degraded: boolean
}

/**
 * Reads and validates the config (else the built-in one, in the customer's language) and loads the
 * strings of the first language the widget speaks among the requested locale, the config's and
 * the browser's.
 */
export async function prepareFlow(configRequest: PendingRequest, requestedLocale: string | undefined): Promise<PreparedFlow> {
  const loaded = resolveConfig(await readConfig(configRequest))
  const candidates = [requestedLocale, loaded.fallback ? undefined : loaded.config.locale, globalThis.navigator?.language]
  const wanted = pickLocale(candidates)
  const { locale: spoken, strings } = await loadStrings(wanted)
  const prepared = { locale: candidates.find(Boolean) ?? 'en', spoken, strings, degraded: loaded.fallback || languageOf(spoken) !== languageOf(wanted) }
  return loaded.fallback ? { ...prepared, config: defaultConfig(strings), fallbackError: loaded.error } : { ...prepared, config: loaded.config }
}

export interface ShowFlowParams {
  customer: Customer
  /** The `theme` option: overrides the config's theme. */
  theme: Partial<Theme>
  container: HTMLElement
  emit: (event: CancelFlowEvent) => void
  /** Called once, with the outcome and the body to POST for it (none for `dismissed`). */
  onFinish: (result: CancelFlowResult, submission: ReasonsSubmission | null) => void
}

/** Opens the modal for a prepared flow. */
export function showFlow(prepared: PreparedFlow, { customer, theme, container, emit, onFinish }: ShowFlowParams): RenderedFlow {
  const { config } = prepared
  return renderCancelFlow({
    config,
    customer,
    theme: resolveTheme(config.theme, theme),
    locale: prepared.locale,
    // The built-in config is all the widget's own text: lang says which language that is.
    ...(prepared.fallbackError ? { lang: prepared.spoken } : {}),
    strings: prepared.strings,
    container,
    emit,
    onFinish: (result) => onFinish(result, buildSubmission(result, { customer, config, occurredAt: new Date() })),
  })
}
