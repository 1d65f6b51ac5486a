import { DEFAULT_API_BASE } from '../defaults.js'

/** The API base every request is built on: the default when none is given, never a trailing slash. */
export const resolveApiBase = (apiBase: string | undefined): string => (apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, '')
