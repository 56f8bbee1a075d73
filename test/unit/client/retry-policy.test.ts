import {describe, expect, it} from 'vitest'
import {DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay} from '../../../src/lib/client/retry-policy.js'

const policy = {...DEFAULT_RETRY_POLICY, random: () => 1}
const codes = ['ECONNREFUSED', 'ECONNRESET']
const statuses = [429, 503]

describe('retry policy', () => {
  it('backs off exponentially with jitter inside [ceiling/2, ceiling]', () => {
    expect(retryDelay(policy, 1, {code: 'ECONNRESET'}, codes, statuses)).toBe(200)
    expect(retryDelay(policy, 2, {code: 'ECONNRESET'}, codes, statuses)).toBe(400)
    expect(retryDelay({...policy, random: () => 0}, 3, {code: 'ECONNRESET'}, codes, statuses)).toBe(400)
  })
  it('honours Retry-After (seconds or date) up to a cap', () => {
    expect(retryDelay(policy, 1, {statusCode: 503, retryAfter: '2'}, codes, statuses)).toBe(2000)
    expect(retryDelay(policy, 1, {statusCode: 503, retryAfter: '3600'}, codes, statuses)).toBeUndefined()
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000)
  })
  it('gives up on other statuses and codes, and after maxRetries', () => {
    expect(retryDelay(policy, 1, {statusCode: 500}, codes, statuses)).toBeUndefined()
    expect(retryDelay(policy, 1, {code: 'ENOTFOUND'}, codes, statuses)).toBeUndefined()
    expect(retryDelay(policy, 4, {code: 'ECONNRESET'}, codes, statuses)).toBeUndefined()
  })
})
