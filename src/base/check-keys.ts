/**
 * Argument checks shared by the public entry points (writer, reader, consumer, log). Option-object
 * keys: a misspelled option is a programmer mistake, so it throws a `TypeError` naming the unknown
 * key and the nearest valid one instead of being silently ignored. Offsets: a `TypeError` for a
 * non-number, a `RangeError` for a number that is not an offset. Pure; safe from anywhere.
 */

/** Edit distance between `a` and `b` (insertions, deletions, substitutions), for "did you mean". */
function distance(a: string, b: string): number {
  const al = a.toLowerCase()
  const bl = b.toLowerCase()
  let prev = Array.from({ length: bl.length + 1 }, (_, j) => j)
  for (let i = 1; i <= al.length; i++) {
    const row = [i]
    for (let j = 1; j <= bl.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (al[i - 1] === bl[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[bl.length]!
}

/** The valid key nearest to `key`. */
export function nearestKey(key: string, valid: readonly string[]): string {
  let best = valid[0]!
  let bestDistance = Infinity
  for (const v of valid) {
    const d = distance(key, v)
    if (d < bestDistance) {
      best = v
      bestDistance = d
    }
  }
  return best
}

/**
 * Throws a `TypeError` for the first own enumerable key of `options` that is not in `valid`
 * (keys whose value is `undefined` count too: they are still typos).
 * @param what - how the message names the object, e.g. `'options'`
 */
export function checkKeys(options: object, valid: readonly string[], what: string): void {
  for (const key of Object.keys(options)) {
    if (!valid.includes(key)) {
      throw new TypeError(`${what} has no option '${key}' (did you mean '${nearestKey(key, valid)}'?)`)
    }
  }
}

/** Validates an offset argument. */
export function checkOffset(offset: unknown, name: string): asserts offset is number {
  if (typeof offset !== 'number') throw new TypeError(`${name} must be a number`)
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`${name} must be a non-negative safe integer`)
}
