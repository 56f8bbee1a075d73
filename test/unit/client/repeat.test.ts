import {MockAgent} from 'undici'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {ApiError} from '../../../src/lib/client/api-error.js'
import {ConductorClient} from '../../../src/lib/client/client.js'
import {CliError} from '../../../src/lib/errors.js'

const ORIGIN = 'http://conductor.test:8080'
const JSON_HEADERS = {headers: {'content-type': 'application/json'}}
let agent: MockAgent
const client = () => new ConductorClient({root: ORIGIN, timeoutMs: 2000, auth: {mode: 'none'}, dispatcher: agent, retry: {baseDelayMs: 1, maxDelayMs: 2}})
const pool = () => agent.get(ORIGIN)

beforeEach(() => {
  agent = new MockAgent()
  agent.disableNetConnect()
})
afterEach(async () => {
  await agent.close()
})

describe('an answer cut off mid-body', () => {
  it('is asked for again when the request is safe to repeat, after a backoff', async () => {
    pool().intercept({method: 'GET', path: '/api/metadata/taskdefs'}).reply(200, '[{"name":"a"},{"na', JSON_HEADERS)
    pool().intercept({method: 'GET', path: '/api/metadata/taskdefs'}).reply(200, '[{"name":"a"},', JSON_HEADERS)
    pool().intercept({method: 'GET', path: '/api/metadata/taskdefs'}).reply(200, '[{"name":"a"}]', JSON_HEADERS)
    const started = performance.now()
    expect(await client().json('GET', '/metadata/taskdefs')).toEqual([{name: 'a'}])
    // p-retry's backoff (100 ms at least before the second attempt) applies to the first failure too
    expect(performance.now() - started).toBeGreaterThanOrEqual(100)
    expect(agent.pendingInterceptors()).toHaveLength(0)
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
    expect(agent.pendingInterceptors()).toHaveLength(0)
  })

  it('stops repeating when the next answer is a refusal, and reports that', async () => {
    pool().intercept({method: 'GET', path: '/api/metadata/taskdefs/x'}).reply(200, '{"na', JSON_HEADERS)
    pool().intercept({method: 'GET', path: '/api/metadata/taskdefs/x'}).reply(404, {status: 404, message: 'Task not found: x'}, JSON_HEADERS)
    const error = await client()
      .json('GET', '/metadata/taskdefs/x')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({status: 404})
  })

  it('is not sent again when the request changes something; the server may have acted', async () => {
    pool().intercept({method: 'POST', path: '/api/workflow/bulk/retry'}).reply(200, '{"bulkErrorResults":{},"bulkSucc', JSON_HEADERS)
    const error = await client()
      .json('POST', '/workflow/bulk/retry', {body: ['w1'], idempotent: false})
      .catch((e: unknown) => e)
    expect(error).toMatchObject({kind: 'server'})
    expect((error as CliError).hint).toContain('the server may have acted on it')
    expect(agent.pendingInterceptors()).toHaveLength(0)
  })
})
