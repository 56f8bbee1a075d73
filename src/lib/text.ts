/** `order*` → /^order.*$/i : the wildcard filters users type for names. */
export function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.')
  return new RegExp(`^${escaped}$`, 'i')
}

export function formatTime(value: unknown): string {
  return typeof value === 'number' && value > 0 ? new Date(value).toISOString().replace(/\.\d+Z$/, 'Z') : ''
}

export function levenshtein(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
    }
    previous = current
  }
  return previous[b.length] ?? Math.max(a.length, b.length)
}

/** The candidate closest to `text` when it is near enough to be a typo ("did you mean"), compared through `key`. */
export function closestMatch(
  text: string,
  candidates: Iterable<string>,
  key: (s: string) => string = (s) => s.toLowerCase(),
): string | undefined {
  const wanted = key(text)
  let best: {name: string; distance: number} | undefined
  for (const name of candidates) {
    const distance = levenshtein(wanted, key(name))
    if (!best || distance < best.distance) best = {name, distance}
  }
  if (!best) return undefined
  return best.distance <= Math.max(1, Math.min(3, Math.floor(wanted.length / 3))) ? best.name : undefined
}
