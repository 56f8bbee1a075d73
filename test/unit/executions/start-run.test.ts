import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CliError} from '../../../src/lib/errors.js'
import {startRun} from '../../../src/lib/executions/start-run.js'
import {mockServer} from '../../helpers/mock-server.js'

const server = mockServer()

/** POST /api/workflow answers an id; the body sent is kept. */
function serve(): Record<string, unknown>[] {
  const bodies: Record<string, unknown>[] = []
  server
    .pool()
    .intercept({path: '/api/workflow', method: 'POST'})
    .reply(200, (opts) => (bodies.push(JSON.parse(String(opts.body)) as Record<string, unknown>), 'wf-1'))
  return bodies
}

async function refused(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(CliError)
  return error as CliError
}

describe('startRun', () => {
  it('starts NAME with the input, version, correlation id, priority and task domains', async () => {
    const bodies = serve()
    const started = await startRun(
      async () => server.client(),
      {
        name: 'orders',
        version: 3,
        correlationId: 'c-1',
        priority: 5,
        input: ['orderId=42', 'customer.tier=gold'],
        taskToDomain: [{key: 'charge', value: 'canary'}],
      },
      () => {},
    )
    expect(started).toMatchObject({workflowId: 'wf-1', name: 'orders'})
    expect(bodies[0]).toEqual({
      name: 'orders',
      version: 3,
      correlationId: 'c-1',
      priority: 5,
      input: {orderId: 42, customer: {tier: 'gold'}},
      taskToDomain: {charge: 'canary'},
    })
  })

  it('--file sends the definition inline under its own name', async () => {
    const bodies = serve()
    const file = join(mkdtempSync(join(tmpdir(), 'run-')), 'draft.json')
    const def = {
      name: 'draft',
      version: 1,
      schemaVersion: 2,
      tasks: [{name: 'a', taskReferenceName: 'a', type: 'SIMPLE'}],
    }
    writeFileSync(file, JSON.stringify(def))
    const started = await startRun(
      async () => server.client(),
      {file},
      () => {},
    )
    expect(started.name).toBe('draft')
    expect((bodies[0]?.workflowDef as {name: string}).name).toBe('draft')
  })

  it('refuses a missing name, NAME with --file and a malformed input, before connecting', async () => {
    let connected = false
    const connect = async () => ((connected = true), server.client())
    expect((await refused(startRun(connect, {}, () => {}))).message).toBe('Missing workflow name')
    expect((await refused(startRun(connect, {name: 'x', file: 'x.json'}, () => {}))).message).toBe(
      '--file runs the definition in the file; give no NAME or --version with it',
    )
    expect((await refused(startRun(connect, {name: 'x', input: ['novalue']}, () => {}))).kind).toBe('usage')
    expect(connected).toBe(false)
  })
})
