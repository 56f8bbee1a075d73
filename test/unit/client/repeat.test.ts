import {describe, expect, it} from 'vitest'
import {ApiError} from '../../../src/lib/client/api-error.js'
import {CliError} from '../../../src/lib/errors.js'
import {mockServer} from '../../helpers/mock-server.js'

const JSON_HEADERS = {headers: {'content-type': 'application/json'}}
const mock = mockServer()
const client = mock.client
const pool = mock.pool

describe('an answer cut off mid-body', () => {
  it('is asked for again when the request is safe to repeat, after a backoff', async () => {
    pool().intercept({method: 'GET', path: '/api/metadata/taskdefs'}).reply(200, '[{"name":"a"},{"na', JSON_HEADERS)
    pool().intercept({method: 'GET', path: '/api/metadata/taskdefs'}).reply(200, '[{"name":"a"},', JSON_HEADERS)
    pool().intercept({method: 'GET', path: '/api/metadata/taskdefs'}).reply(200, '[{"name":"a"}]', JSON_HEADERS)
    const started = performance.now()
    expect(await client().json('GET', '/metadata/taskdefs')).toEqual([{name: 'a'}])
    // p-retry's backoff (100 ms at least before the second attempt) applies to the first failure too
    expect(performance.now() - started).toBeGreaterThanOrEqual(100)
    expect(mock.agent.pendingInterceptors()).toHaveLength(0)
  })

  it('gives up after three attempts with a server error and a hint to try again', async () => {
    pool().intercept({method: 'GET', path: '/api/metadata/taskdefs'}).reply(200, '[{"na', JSON_HEADERS).times(3)
    const error = await client()
      .json('GET', '/metadata/taskdefs')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CliError)
    expect(error).toMatchObject({kind: 'server', exitCode: 6})
    expect((error as CliError).message).toContain('a body that is not JSON (cut off?)')
    expect((error as CliError).hint).toContain('try again')
    expect(mock.agent.pendingInterceptors()).toHaveLength(0)
  })

  it('stops repeating when the next answer is a refusal, and reports that', async () => {
    pool().intercept({method: 'GET', path: '/api/metadata/taskdefs/x'}).reply(200, '{"na', JSON_HEADERS)
    pool()
      .intercept({method: 'GET', path: '/api/metadata/taskdefs/x'})
      .reply(404, {status: 404, message: 'Task not found: x'}, JSON_HEADERS)
    const error = await client()
      .json('GET', '/metadata/taskdefs/x')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({status: 404})
  })

  it('is not sent again when the request changes something; the server may have acted', async () => {
    pool()
      .intercept({method: 'POST', path: '/api/workflow/bulk/retry'})
      .reply(200, '{"bulkErrorResults":{},"bulkSucc', JSON_HEADERS)
    const error = await client()
      .json('POST', '/workflow/bulk/retry', {body: ['w1'], idempotent: false})
      .catch((e: unknown) => e)
    expect(error).toMatchObject({kind: 'server'})
    expect((error as CliError).hint).toContain('the server may have acted on it')
    expect(mock.agent.pendingInterceptors()).toHaveLength(0)
  })
})
