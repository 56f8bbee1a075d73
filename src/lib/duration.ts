/** Durations as people write them (30s, 5m, 1h30m, plain seconds) and as we print them: a leaf module. */
import {CliError} from './errors.js'

const UNITS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/

export const DEFAULT_WAIT = '10m'

/** '30s', '5m', '1h', '1m30s', '250ms', or a bare number of seconds → milliseconds. */
export function parseDuration(text: string, flag = '--wait'): number {
  const t = text.trim().toLowerCase()
  if (/^\d+(?:\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000)
  if (!WHOLE.test(t))
    throw new CliError('usage', `${flag}=${text}: not a duration`, {
      hint: 'Use a number with a unit: 30s, 5m, 1h, 1m30s (a bare number is seconds).',
    })
  let ms = 0
  for (const match of t.matchAll(PART)) ms += Number(match[1]) * (UNITS[match[2] as string] ?? 0)
  return Math.round(ms)
}

export function looksLikeDuration(text: string): boolean {
  const t = text.trim().toLowerCase()
  return /^\d+(?:\.\d+)?$/.test(t) || WHOLE.test(t)
}

/** 950 → '950ms', 61_000 → '1m1s', 3_725_000 → '1h2m5s'. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return ''
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`
  const total = Math.round(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s'
}
