/**
 * Every error code a {@link WindbackError} can carry: the Windback API's own codes plus the
 * ones this package raises before or instead of a response.
 */
export type WindbackErrorCode =
  | 'VALIDATION_ERROR'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL_ERROR'
  | 'UPSTREAM_ERROR'
  | 'PAYLOAD_TOO_LARGE'
  | 'METHOD_NOT_ALLOWED'
  /** A secret (`sk_`) key, or any key that is not a `pub_` key, was given to browser code. */
  | 'INVALID_KEY'
  /** The options passed to a function are missing a required value or have a wrong one. */
  | 'INVALID_OPTIONS'
  /** The request never got an HTTP response (offline, DNS, CORS, connection reset). */
  | 'NETWORK_ERROR'
  /** The request got no response within the time limit. */
  | 'TIMEOUT'
  /** The cancel-flow config was not valid JSON or did not match the schema. */
  | 'INVALID_CONFIG'
  /** The modal could not be rendered. */
  | 'RENDER_ERROR'
  /**
   * The script tag could not load one of its files (dist/script-tag/): the download failed or
   * took over 10 s, the file did not match its integrity hash, or the page's CSP or Trusted
   * Types refused it.
   */
  | 'SCRIPT_LOAD_FAILED'
  /** `open()` was called on a flow after its `destroy()`: create a new flow (this is no outcome to cancel on). */
  | 'FLOW_DESTROYED'

const BRAND = Symbol.for('windback.error')

/** One field-level problem reported with a `VALIDATION_ERROR`. */
export interface WindbackErrorDetail {
  field: string
  message: string
}

/**
 * The one error class of `@windback/browser`.
 *
 * @example
 * ```ts
 * try { createCancelFlow({ publicKey: 'sk_live_x', customer }) }
 * catch (error) { if (error instanceof WindbackError && error.code === 'INVALID_KEY') … }
 * ```
 */
export class WindbackError extends Error {
  /** `instanceof` holds for a WindbackError raised by any copy of the package (see {@link isWindbackError}). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isWindbackError(value)
  }

  override readonly name = 'WindbackError'
  /** The brand every copy's class puts on its errors. */
  readonly [BRAND] = true
  /** What went wrong, as a stable machine-readable code (the API may add codes of its own). */
  readonly code: WindbackErrorCode | (string & {})
  /** The HTTP status of the response that caused it, when there was one. */
  readonly status?: number
  /** Field-level problems, for `VALIDATION_ERROR`. */
  readonly details?: WindbackErrorDetail[]

  constructor(
    code: WindbackErrorCode | (string & {}),
    message: string,
    extra: { status?: number; details?: WindbackErrorDetail[]; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause })
    this.code = code
    if (extra.status !== undefined) this.status = extra.status
    if (extra.details !== undefined) this.details = extra.details
  }
}

/**
 * Recognises a {@link WindbackError} from any copy of this package on the page (the script tag's
 * files each bundle their own): by the brand each copy puts on its errors, not by its class.
 */
export const isWindbackError = (value: unknown): value is WindbackError =>
  typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
