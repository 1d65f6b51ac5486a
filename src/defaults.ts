export const DEFAULT_API_BASE = 'https://api.windbackai.com/api/v1'

/** How long the config may take before the flow opens with the built-in defaults. */
export const CONFIG_TIMEOUT_MS = 4000
