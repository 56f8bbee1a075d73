import {describe, expect, it} from 'vitest'
import {formatDuration, parseDuration} from '../../../src/lib/duration.js'
import {expandWaitFlag} from '../../../src/lib/executions/wait-flag.js'

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['250ms', 250],
    ['1.5s', 1500],
    ['90', 90_000],
    ['0', 0],
    ['2M', 120_000],
  ])('%s → %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms))

  it.each(['', 'abc', '5 m', '-1s', '5d', 'm5', '1s2'])('refuses %j with a usage error naming the flag', (text) => {
    expect(() => parseDuration(text, '--for')).toThrow(
      expect.objectContaining({kind: 'usage', message: expect.stringContaining('--for=')}),
    )
  })
})

describe('formatDuration', () => {
  it('is short and readable', () => {
    expect(formatDuration(950)).toBe('950ms')
    expect(formatDuration(1234)).toBe('1.2s')
    expect(formatDuration(42_000)).toBe('42s')
    expect(formatDuration(61_000)).toBe('1m1s')
    expect(formatDuration(3_725_000)).toBe('1h2m5s')
    expect(formatDuration(3_600_000)).toBe('1h')
    expect(formatDuration(-1)).toBe('')
  })
})

describe('expandWaitFlag', () => {
  it('gives a bare --wait the default and joins a following duration', () => {
    expect(expandWaitFlag(['flow', '--wait'])).toEqual(['flow', '--wait=10m'])
    expect(expandWaitFlag(['flow', '--wait', '--json'])).toEqual(['flow', '--wait=10m', '--json'])
    expect(expandWaitFlag(['--wait', '5m', 'flow'])).toEqual(['--wait=5m', 'flow'])
    expect(expandWaitFlag(['flow', '--wait=30s'])).toEqual(['flow', '--wait=30s'])
    expect(expandWaitFlag(['--wait', 'flow'])).toEqual(['--wait=10m', 'flow'])
  })

  it('leaves everything after -- alone', () => {
    expect(expandWaitFlag(['flow', '--', '--wait'])).toEqual(['flow', '--', '--wait'])
  })
})
