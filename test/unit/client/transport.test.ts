import {MockAgent} from 'undici'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {ConductorClient} from '../../../src/lib/client/client.js'
import {ApiError, NetworkError} from '../../../src/lib/client/api-error.js'

const ORIGIN = 'http://conductor.test:8080'
let agent: MockAgent
let logs: string[]

function client(auth: ConstructorParameters<typeof ConductorClient>[0]['auth'] = {mode: 'none'}) {
  return new ConductorClient({
    root: ORIGIN,
    timeoutMs: 2000,
    auth,
    dispatcher: agent,
    retry: {baseDelayMs: 1, maxDelayMs: 2},
    log: (l) => logs.push(l),
  })
}

beforeEach(() => {
  agent = new MockAgent()
  agent.disableNetConnect()
  logs = []
})
afterEach(async () => {
  await agent.close()
})

describe('ConductorClient over undici', () => {
  it('parses JSON, plain-text and empty bodies', async () => {
    const pool = agent.get(ORIGIN)
    pool.intercept({path: '/api/metadata/workflow/names', method: 'GET'}).reply(200, ['a', 'b'])
    pool
      .intercept({path: '/api/version', method: 'GET'})
      .reply(200, '3.32.1', {headers: {'content-type': 'text/plain'}})
    pool.intercept({path: '/api/workflow/x/pause', method: 'PUT'}).reply(200, '')
    const c = client()
    expect(await c.json<string[]>('GET', '/metadata/workflow/names')).toEqual(['a', 'b'])
    expect(await c.text('GET', '/version')).toBe('3.32.1')
    expect(await c.json('PUT', '/workflow/x/pause', {idempotent: false})).toBeUndefined()
  })

  it('turns an error status into an ApiError with the server message, method and path', async () => {
    agent
      .get(ORIGIN)
      .intercept({path: '/api/metadata/workflow/nope', method: 'GET'})
      .reply(404, {status: 404, message: 'No such workflow found by name: nope, version: 1'})
    const error = await client()
      .json('GET', '/metadata/workflow/nope')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 404,
      kind: 'notFound',
      serverMessage: 'No such workflow found by name: nope, version: 1',
    })
    expect((error as ApiError).message).toContain('GET /api/metadata/workflow/nope failed with HTTP 404')
  })

  it('includes validation errors from a 400', async () => {
    agent
      .get(ORIGIN)
      .intercept({path: '/api/metadata/workflow', method: 'PUT'})
      .reply(400, {
        status: 400,
        message: 'Validation failed, check below errors for detail.',
        validationErrors: [{path: 'updateWorkflowDef.arg0[0].schemaVersion', message: 'schemaVersion must be 2'}],
      })
    const error = (await client()
      .json('PUT', '/metadata/workflow', {body: [{}], idempotent: true})
      .catch((e: unknown) => e)) as ApiError
    expect(error.kind).toBe('invalid')
    expect(error.message).toContain('schemaVersion must be 2')
  })

  it('maps connection errors to a NetworkError naming the URL', async () => {
    agent
      .get(ORIGIN)
      .intercept({path: '/api/metadata/taskdefs', method: 'GET'})
      .replyWithError(Object.assign(new Error('boom'), {code: 'ENOTFOUND'}))
      .times(5)
    const error = await client()
      .json('GET', '/metadata/taskdefs')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect((error as NetworkError).message).toContain(`${ORIGIN}/api/metadata/taskdefs`)
    expect((error as NetworkError).kind).toBe('network')
  })
})
