import type { WindbackErrorDetail } from '../errors.js'

/** zod issues as the API's `details` shape: `{ field: "reasons.0.label", message }`. */
export const issueDetails = (issues: readonly { path: PropertyKey[]; message: string }[], root = '(root)'): WindbackErrorDetail[] =>
  issues.map((issue) => ({ field: issue.path.map(String).join('.') || root, message: issue.message }))
