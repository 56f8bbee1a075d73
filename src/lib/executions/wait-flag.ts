import {DEFAULT_WAIT, looksLikeDuration} from '../duration.js'

/**
 * oclif has no flag with an optional value, so `--wait` alone becomes `--wait=10m`,
 * and `--wait 5m` (a duration right after it) becomes `--wait=5m`. Stops at `--`.
 */
export function expandWaitFlag(argv: readonly string[], flag = '--wait', fallback = DEFAULT_WAIT): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string
    if (token === '--') {
      out.push(...argv.slice(i))
      break
    }
    if (token !== flag) {
      out.push(token)
      continue
    }
    const next = argv[i + 1]
    if (next !== undefined && looksLikeDuration(next)) {
      out.push(`${flag}=${next}`)
      i++
    } else out.push(`${flag}=${fallback}`)
  }
  return out
}
