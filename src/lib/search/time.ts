/**
 * Times in queries: relative (`48h`, `-48h`, `now-2d`, `1d12h`, `2 days`), named (`now`, `today`,
 * `yesterday`, midnight UTC), absolute (`2026-11-01`, `2026-11-01T10:00`, with a zone or UTC when none
 * is given), or epoch milliseconds. A bare duration means "that long ago".
 */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  wk: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
}
const DAY = 86_400_000
const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)/g
const DURATION = /^(?:\d+(?:\.\d+)?\s*[a-z]+\s*)+$/

/** '48h' → 172800000; '1d12h', '2 days', '90 min'. Undefined when it is not a duration. */
export function parseRelative(text: string): number | undefined {
  const t = text.trim().toLowerCase()
  if (!DURATION.test(t)) return undefined
  let ms = 0
  for (const [, amount, unit] of t.matchAll(PART)) {
    const size = UNIT_MS[unit as string]
    if (size === undefined) return undefined
    ms += Number(amount) * size
  }
  return Math.round(ms)
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/i

export interface ResolvedTime {
  ms: number
  /** A date without a time: a whole UTC day, so `=` can mean that day. */
  day: boolean
}

/** Resolves a time against `now` (injected for tests); undefined when the text is not a time. */
export function parseTime(text: string, now: number): ResolvedTime | undefined {
  const t = text.trim().toLowerCase()
  if (t === 'now') return {ms: now, day: false}
  if (t === 'today') return {ms: now - (now % DAY), day: true}
  if (t === 'yesterday') return {ms: now - (now % DAY) - DAY, day: true}
  const relative = /^(now)?\s*([+-])?\s*(.*)$/.exec(t)
  if (relative && !/^\d{4}-\d{2}/.test(t) && (relative[1] || relative[2] || /[a-z]$/.test(t))) {
    const span = parseRelative(relative[3] ?? '')
    if (span !== undefined && (relative[2] || !relative[1]))
      return {ms: relative[2] === '+' ? now + span : now - span, day: false}
    return undefined
  }
  if (/^\d{12,}$/.test(t)) return {ms: Number(t), day: false}
  const date = DATE.exec(t)
  if (date) {
    const ms = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]))
    return validDate(ms, date) ? {ms, day: true} : undefined
  }
  if (DATE_TIME.test(t)) {
    const iso = t.replace(' ', 'T').toUpperCase()
    const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`)
    return Number.isNaN(ms) ? undefined : {ms, day: false}
  }
  return undefined
}

function validDate(ms: number, parts: RegExpExecArray): boolean {
  const d = new Date(ms)
  return (
    d.getUTCFullYear() === Number(parts[1]) &&
    d.getUTCMonth() + 1 === Number(parts[2]) &&
    d.getUTCDate() === Number(parts[3])
  )
}

export const TIME_FORMS =
  '48h, -2d, now-1h30m, "2 days", today, yesterday, 2026-11-01, 2026-11-01T10:00 (UTC unless a zone is given), or epoch ms'

export function isoTime(ms: number): string {
  return new Date(ms).toISOString()
}
