import { WindbackError, type WindbackErrorCode, type WindbackErrorDetail } from '../errors.js'
import type { PendingRequest } from './request.js'

// The envelopes are read by hand, not with zod: the outbox uses this module, and it loads without
// zod (to resend an earlier page's answers, before any modal). The untrusted config keeps its
// zod schema.
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null
const isDetail = (value: unknown): value is WindbackErrorDetail =>
  isObject(value) && typeof value['field'] === 'string' && typeof value['message'] === 'string'

const CODE_BY_STATUS: Record<number, WindbackErrorCode> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
}

/**
 * What a {@link PendingRequest} answered, through `read`; no answer is a {@link WindbackError}:
 * `NETWORK_ERROR`, or `TIMEOUT` past the deadline.
 */
export async function readResponse<T>({ url, timeoutMs, signal, response }: PendingRequest, read: (response: Response) => Promise<T>): Promise<T> {
  let answer: Response
  try {
    answer = await response
  } catch (cause) {
    if (signal.aborted) throw new WindbackError('TIMEOUT', `No response from ${url} within ${timeoutMs} ms`, { cause })
    throw new WindbackError('NETWORK_ERROR', `Could not reach ${url}`, { cause })
  }
  return read(answer)
}

/** The API's error envelope as a {@link WindbackError}; a body that is not one still gets a code from the status. */
export async function errorFromResponse(response: Response): Promise<WindbackError> {
  const status = response.status
  const fallbackCode = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR')
  const body: unknown = await response.json().catch(() => undefined)
  const error = isObject(body) ? body['error'] : undefined
  if (!isObject(error) || typeof error['code'] !== 'string' || typeof error['message'] !== 'string') {
    return new WindbackError(fallbackCode, `HTTP ${status}`, { status })
  }
  const details = error['details']
  return new WindbackError(
    error['code'],
    error['message'],
    Array.isArray(details) && details.every(isDetail) ? { status, details } : { status },
  )
}

/** The `data` of a success envelope, or `invalidCode` when the body is not one. */
export async function readData(response: Response, invalidCode: WindbackErrorCode): Promise<unknown> {
  let body: unknown
  try {
    body = await response.json()
  } catch (cause) {
    throw new WindbackError(invalidCode, 'The response is not valid JSON', { status: response.status, cause })
  }
  if (!isObject(body) || body['data'] === undefined) {
    throw new WindbackError(invalidCode, 'The response has no "data" envelope', { status: response.status })
  }
  return body['data']
}
