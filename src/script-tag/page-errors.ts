// What `../errors.js` is in the script tag's files (vite.config.ts redirects it here): one
// WindbackError class for the page, whichever file or copy of the script tag raised the error,
// so that `instanceof` and the loader's checks hold across files loaded separately.
import * as own from '../errors.js'
import { pageHub } from './page-hub.js'

export const WindbackError: typeof own.WindbackError = (pageHub().WindbackError ??= own.WindbackError)
export const isWindbackError = (value: unknown): value is own.WindbackError => value instanceof WindbackError
