/**
 * The value at quantile `q` (0.5 for the median) of `values`, by the nearest-rank method.
 * @param {number[]} values
 * @param {number} q
 */
export const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}
