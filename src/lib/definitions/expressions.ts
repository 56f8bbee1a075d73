/** The `${...}` expressions the server checks, and the literal formats of WAIT, written to match its Java rules. */

/** Server system parameters that are always accepted (EnvUtils.SystemParameters). */
export const SYSTEM_PARAMETERS = new Set(['CPEWF_TASK_ID', 'NETFLIX_ENV', 'NETFLIX_STACK'])

/** Each `${...}` in a string, as the server splits them (a `$${` is an escape, not an expression). */
export function expressionsIn(value: string): string[] {
  const out: string[] = []
  for (const part of value.split(/(?=(?<!\$)\$\{)|(?<=\})/)) {
    if (part.startsWith('${') && part.endsWith('}')) out.push(part.slice(2, -1))
  }
  return out
}

/** Close to what Jayway JsonPath.compile rejects, for the shapes people write in definitions. */
export function isValidPath(path: string): boolean {
  if (path.trim() === '' || /^\s/.test(path)) return false
  const p = path.trimEnd()
  if (p.endsWith('.')) return false
  let depth = 0
  let quote: string | undefined
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string
    if (quote) {
      if (c === quote) quote = undefined
      continue
    }
    if ((c === "'" || c === '"') && depth > 0) quote = c
    else if (c === '[') {
      if (p[i + 1] === ']') return false
      depth++
    } else if (c === ']') depth = Math.max(0, depth - 1)
    else if (depth === 0 && /\s/.test(c)) return false
    else if (depth === 0 && c === '.' && p[i + 1] === '.' && p[i + 2] === '.') return false
  }
  return depth === 0 && quote === undefined
}

/** `${FOO_BAR}`: resolved from the server's environment or Java system properties, unknowable offline. */
export function looksLikeEnvironmentName(path: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(path)
}

/** First segment of a path: the task reference (or `workflow`) it reads from. */
export function firstSegment(path: string): string {
  return path.split('.')[0] ?? ''
}

const DURATION =
  /^\s*(?:(\d+)\s*(?:days?|d))?\s*(?:(\d+)\s*(?:hours?|hrs?|h))?\s*(?:(\d+)\s*(?:minutes?|mins?|m))?\s*(?:(\d+)\s*(?:seconds?|secs?|s))?\s*$/i

/** WAIT `duration`, e.g. "1 day 2 hours", "30s", "10m". */
export function isValidDuration(text: string): boolean {
  return DURATION.test(text)
}

/** WAIT `until`: "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm z" or "yyyy-MM-dd". */
export function isValidUntil(text: string): boolean {
  return /^\d{4}-\d{1,2}-\d{1,2}(?: \d{1,2}:\d{1,2}(?: \S+)?)?$/.test(text.trim())
}
