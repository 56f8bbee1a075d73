/**
 * A fast test for duplicate keys in JSON text that JSON.parse has accepted. JSON.parse keeps the
 * last of two equal keys silently, so the parsed value has fewer keys than the text writes exactly
 * when a key is repeated in one object. Counting both is a linear scan; when the counts differ, the
 * caller asks the yaml parser (uniqueKeys) which key it is and where.
 */
export function mayHaveDuplicateKeys(text: string, parsed: unknown): boolean {
  return writtenKeys(text) !== parsedKeys(parsed)
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a

/** Keys written in valid JSON text: strings followed (after whitespace) by a colon. */
export function writtenKeys(text: string): number {
  let count = 0
  const end = text.length
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) !== QUOTE) continue
    // skip the string; valid JSON has no unescaped quote inside one
    for (i++; i < end; i++) {
      const c = text.charCodeAt(i)
      if (c === BACKSLASH) i++
      else if (c === QUOTE) break
    }
    let next = i + 1
    while (next < end && isJsonSpace(text.charCodeAt(next))) next++
    if (text.charCodeAt(next) === COLON) count++
  }
  return count
}

/** Own keys of every object in a parsed JSON value (`__proto__` included: JSON.parse makes it an own key). */
export function parsedKeys(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0
  let count = 0
  if (Array.isArray(value)) {
    for (const item of value) count += parsedKeys(item)
    return count
  }
  for (const key of Object.keys(value)) count += 1 + parsedKeys((value as Record<string, unknown>)[key])
  return count
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}
