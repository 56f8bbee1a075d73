import {describe, expect, it} from 'vitest'
import {parseRelative, parseTime} from '../../../src/lib/search/time.js'

const NOW = Date.UTC(2026, 10, 27, 12, 34, 56, 789)
const M = 60_000
const H = 60 * M
const D = 24 * H

describe('parseRelative', () => {
  const cases: [string, number | undefined][] = [
    ['48h', 48 * H],
    ['2d', 2 * D],
    ['1w', 7 * D],
    ['90m', 90 * M],
    ['30s', 30_000],
    ['250ms', 250],
    ['1d12h', 36 * H],
    ['1h30m', 90 * M],
    ['2 days', 2 * D],
    ['3 Hours', 3 * H],
    ['1.5h', 90 * M],
    ['10min', 10 * M],
    ['48', undefined],
    ['2y', undefined],
    ['h', undefined],
    ['', undefined],
  ]
  for (const [text, ms] of cases) it(`${JSON.stringify(text)} → ${ms}`, () => expect(parseRelative(text)).toBe(ms))
})

describe('parseTime with an injected clock', () => {
  const cases: [string, number | undefined][] = [
    ['now', NOW],
    ['NOW', NOW],
    ['48h', NOW - 48 * H],
    ['-48h', NOW - 48 * H],
    ['now-48h', NOW - 48 * H],
    ['now - 2d', NOW - 2 * D],
    ['now+1h', NOW + H],
    ['+1h', NOW + H],
    ['today', Date.UTC(2026, 10, 27)],
    ['yesterday', Date.UTC(2026, 10, 26)],
    ['2026-11-01', Date.UTC(2026, 10, 1)],
    ['2026-11-01T10:00', Date.UTC(2026, 10, 1, 10)],
    ['2026-11-01 10:00:05', Date.UTC(2026, 10, 1, 10, 0, 5)],
    ['2026-11-01T10:00:05.123Z', Date.UTC(2026, 10, 1, 10, 0, 5, 123)],
    ['2026-11-01T10:00:00+02:00', Date.UTC(2026, 10, 1, 8)],
    ['2026-11-01T10:00:00-0130', Date.UTC(2026, 10, 1, 11, 30)],
    ['1795798696481', 1795798696481],
    ['2026-13-01', undefined],
    ['2026-02-29', undefined],
    ['2026-11-01T25:00', undefined],
    ['nowish', undefined],
    ['now-', undefined],
    ['12345', undefined],
    ['soon', undefined],
  ]
  for (const [text, ms] of cases)
    it(`${JSON.stringify(text)} → ${ms === undefined ? 'not a time' : new Date(ms).toISOString()}`, () =>
      expect(parseTime(text, NOW)?.ms).toBe(ms))

  it('marks dates without a time as whole days', () => {
    expect(parseTime('2026-11-01', NOW)?.day).toBe(true)
    expect(parseTime('today', NOW)?.day).toBe(true)
    expect(parseTime('2026-11-01T00:00', NOW)?.day).toBe(false)
    expect(parseTime('2h', NOW)?.day).toBe(false)
  })
})
