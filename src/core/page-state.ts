/**
 * State every copy of this package's code on a page shares: the script tag and the files it loads
 * later each bundle their own modules, and a page may carry a second copy of the tag. It lives on
 * `globalThis` under `Symbol.for(name)`, which takes no global name.
 */
export function pageState<T>(name: string, create: () => T): T {
  const slots = globalThis as unknown as Record<symbol, T | undefined>
  return (slots[Symbol.for(name)] ??= create())
}
