/**
 * A random v4 UUID. `crypto.randomUUID` exists only in secure contexts; on an http: page the
 * browser's own UUID inside a blob: URL stands in (every browser makes those random).
 */
export function randomUuid(): string {
  if (crypto.randomUUID) return crypto.randomUUID()
  const url = URL.createObjectURL(new Blob())
  URL.revokeObjectURL(url)
  return url.slice(-36)
}
