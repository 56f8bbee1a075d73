import {formatPath, type PathSegment} from './problems.js'

/**
 * Integers a JavaScript number cannot hold exactly (beyond ±(2^53 - 1)). The server keeps them
 * (Java long, or BigInteger in free-form maps), so a value read into a number here would be sent,
 * compared and exported rounded: such values are refused instead (issue 14).
 */
export function* unsafeIntegers(value: unknown, path: PathSegment[] = []): Generator<[number, PathSegment[]]> {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) yield [value, path]
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* unsafeIntegers(value[i], [...path, i])
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* unsafeIntegers(v, [...path, k])
  }
}

/**
 * Whether a number as written in a file is exactly the value read. An integer literal is compared
 * digit for digit; other spellings (1e20, 0x...) are taken as meant to be a double.
 */
export function writtenExactly(written: string | undefined, value: number): boolean {
  if (written === undefined) return false
  const text = written.trim()
  if (!/^[-+]?\d+$/.test(text)) return true
  return BigInt(text) === BigInt(value)
}

export function unsafeIntegerMessage(written: string | undefined, value: number): string {
  const shown = written?.trim() ?? String(value)
  return `${shown} is beyond the integers this CLI keeps exactly (±9007199254740991, 2^53 - 1): it would be sent and compared as ${BigInt(value)}; write it as a string, or a smaller number`
}

/**
 * A server document holding an integer beyond 2^53 was already rounded when it was read: writing
 * it to a file or to another server would change it silently. The first such value, described.
 */
export function roundedOnRead(doc: unknown): string | undefined {
  for (const [value, path] of unsafeIntegers(doc))
    return `${formatPath(path)} holds an integer beyond 2^53 (read as ${BigInt(value)}, maybe rounded) that this CLI cannot copy exactly`
  return undefined
}
