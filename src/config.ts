// `@windback/browser/config`: the cancel-flow config schema, for anyone who serves their own
// config endpoint or edits configs (the demo playground uses it to validate as you type), and
// the config doctor, which says what in a hand-written config is wrong or weak.
export { parseConfig } from './cancel-flow/config-schema.js'
export { lintConfig } from './doctor/lint-config.js'
export type { ConfigFinding, FindingCode } from './doctor/lint-config.js'
export type { ConfigParseResult } from './cancel-flow/config-schema.js'
export type { CancelFlowConfig, Copy, Offer, OfferType, Reason, Theme } from './cancel-flow/types.js'
export type { WindbackErrorDetail } from './errors.js'
