export const DEFAULT_API_BASE = 'https://api.windbackai.com/api/v1'

/** How long the config may take before the flow opens with the built-in defaults. */
export const CONFIG_TIMEOUT_MS = 4000

/** How long a file of the script tag loaded on demand may take before the flow ends as `error`. */
export const SCRIPT_LOAD_TIMEOUT_MS = 10_000

/** Where undelivered answers wait, page to page: read at load by the script tag, so kept light. */
export const OUTBOX_STORAGE_KEY = 'windback:outbox:v1'
