import { WindbackError, type WindbackErrorDetail } from '../errors.js'

/** `INVALID_OPTIONS` listing every problem, one detail per field, so a caller sees them all at once. */
export const invalidOptions = (what: string, problems: WindbackErrorDetail[]): WindbackError =>
  new WindbackError('INVALID_OPTIONS', `${what}: ${problems.map((problem) => `${problem.field} ${problem.message}`).join('; ')}`, {
    details: problems,
  })

/** The message every browser entry uses when it is handed something other than a `pub_` key. */
export const SECRET_KEY_MESSAGE =
  'A secret key (sk_) must never reach a browser, where anyone can read it: use your pub_ key here.'
