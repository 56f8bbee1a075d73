import {describe, expect, it} from 'vitest'
import {ApiError, NetworkError} from '../../../src/lib/client/api-error.js'
import {compareWithServer} from '../../../src/lib/definitions/compare.js'
import type {LoadedDefinition} from '../../../src/lib/definitions/load.js'
import {outcomeOf, registerComparisons} from '../../../src/lib/definitions/register.js'
import {mockServer} from '../../helpers/mock-server.js'

const server = mockServer()
const request = {method: 'PUT', path: '/api/metadata/workflow', url: 'http://x/api/metadata/workflow'}
const def = (name: string): LoadedDefinition => ({
  kind: 'workflow',
  name,
  version: 1,
  doc: {name, version: 1, tasks: []},
  file: `${name}.json`,
  format: 'json',
  pointer: '$',
  locate: () => undefined,
})

describe('what a failed write may have done (issue 14, item 6)', () => {
  it('a refusal or a connection never made: failed; a lost answer or a 5xx: unknown', () => {
    expect(outcomeOf(new ApiError(400, undefined, request))).toBe('failed')
    expect(outcomeOf(new ApiError(409, undefined, request))).toBe('failed')
    expect(outcomeOf(new ApiError(500, undefined, request))).toBe('unknown')
    expect(outcomeOf(new NetworkError(request, 'ECONNREFUSED', 'connection refused'))).toBe('failed')
    expect(outcomeOf(new NetworkError(request, 'ECONNRESET', 'reset'))).toBe('unknown')
    expect(outcomeOf(new NetworkError(request, 'UND_ERR_HEADERS_TIMEOUT', 'no response'))).toBe('unknown')
  })

  it('reports per batch: a batch the server answered 500 to is unknown, not failed', async () => {
    server.pool().intercept({path: '/api/metadata/workflow', method: 'PUT'}).reply(500, {message: 'boom'}).times(10)
    const comparisons = await compareWithServer([def('a'), def('b')], new Map())
    const results = await registerComparisons(server.client(), comparisons, {dryRun: false, batchSize: 1})
    expect(results.map((r) => r.action)).toEqual(['unknown', 'unknown'])
    expect(results[0]?.error).toMatch(/^batch 1 \(1 workflow\): may have been applied \(.*HTTP 500/)
    expect(results[1]?.error).toMatch(/^batch 2 \(1 workflow\): may have been applied/)
  })
})
