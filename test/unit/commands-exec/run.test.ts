import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import Run from '../../../src/commands/run.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {error, fakeConductor, taskDoc, workflowDoc} from './fake-conductor.js'

const server = mockServer()
const run = (argv: string[]) => runInProcess(Run as unknown as CommandClass, argv, server)

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cov-exec-run-'))
})
afterAll(async () => rm(dir, {recursive: true, force: true}))

/** POST /api/workflow answers the new id as text/plain (reference §2.2). */
const starts = (id = 'wf-new') => {
  const fake = fakeConductor(server)
  fake.on('POST', '/workflow', {body: id})
  return fake
}

describe('run NAME (no wait)', () => {
  it('prints the id alone on stdout, and sends the name and an empty input', async () => {
    const fake = starts('3f1c-0001')
    const {stdout, stderr, exitCode} = await run(['orders'])
    expect(exitCode).toBe(0)
    expect(stdout).toBe('3f1c-0001\n')
    expect(stderr).toBe('')
    expect(fake.sent).toEqual([{method: 'POST', path: '/workflow', query: {}, body: {name: 'orders', input: {}}}])
  })

  it('--json prints {workflowId}', async () => {
    starts('3f1c-0002')
    const {doc, exitCode} = await run(['orders', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toEqual({workflowId: '3f1c-0002'})
  })

  it('input from a file, then --input on top (JSON values, nesting, @file); version, correlation, priority, domains', async () => {
    const inputFile = join(dir, 'order.yaml')
    await writeFile(inputFile, 'orderId: 41\ncustomer:\n  name: ada\n')
    const note = join(dir, 'note.txt')
    await writeFile(note, 'fragile')
    const fake = starts()
    const {exitCode} = await run([
      'orders',
      '--input-file',
      inputFile,
      '--input',
      'orderId=42',
      '--input',
      'customer.tier=gold',
      '--input',
      `note=@${note}`,
      '--input',
      'flags=[1,2]',
      '--version',
      '3',
      '--correlation-id',
      'order-42',
      '--priority',
      '7',
      '--task-to-domain',
      'charge=canary',
      '--task-to-domain',
      '*=team-a',
    ])
    expect(exitCode).toBe(0)
    expect(fake.sent[0]?.body).toEqual({
      name: 'orders',
      input: {orderId: 42, customer: {name: 'ada', tier: 'gold'}, note: 'fragile', flags: [1, 2]},
      version: 3,
      correlationId: 'order-42',
      priority: 7,
      taskToDomain: {charge: 'canary', '*': 'team-a'},
    })
  })

  it('a malformed --input is a usage error (2) and nothing is started', async () => {
    const fake = starts()
    const {doc, exitCode} = await run(['orders', '--input', 'novalue', '--json'])
    expect(exitCode).toBe(2)
    expect(doc).toMatchObject({error: {kind: 'usage', message: "--input 'novalue': expected KEY=VALUE"}})
    expect(fake.sent).toHaveLength(0)
  })

  it('an --input-file that is not an object is a usage error (2)', async () => {
    const list = join(dir, 'list.json')
    await writeFile(list, '[1, 2]')
    const fake = starts()
    const {doc, exitCode} = await run(['orders', '--input-file', list, '--json'])
    expect(exitCode).toBe(2)
    expect((doc as {error: {message: string}}).error.message).toContain('expected a JSON or YAML object')
    expect(fake.sent).toHaveLength(0)
  })

  it('a priority outside 0-99 is refused by the flag (2)', async () => {
    const fake = starts()
    expect((await run(['orders', '--priority', '100', '--json'])).exitCode).toBe(2)
    expect(fake.sent).toHaveLength(0)
  })

  it('no NAME and no --file is a usage error naming both', async () => {
    const fake = starts()
    const {doc, exitCode} = await run(['--json'])
    expect(exitCode).toBe(2)
    expect(doc).toMatchObject({
      error: {kind: 'usage', message: 'Missing workflow name', hint: expect.stringContaining('--file')},
    })
    expect(fake.sent).toHaveLength(0)
  })

  it('an unknown definition is not found (4), naming it and the version', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow', error(404, 'No such workflow defined. name=nosuch, version=5'))
    const {doc, exitCode} = await run(['nosuch', '--version', '5', '--json'])
    expect(exitCode).toBe(4)
    expect(doc).toMatchObject({
      error: {kind: 'notFound', message: 'no workflow definition nosuch version 5 on the server'},
    })
    // a start is not repeated
    expect(fake.sent).toHaveLength(1)
  })

  it('a server that answers 200 without an id is a server error (6)', async () => {
    starts('  ')
    const {doc, exitCode} = await run(['orders', '--json'])
    expect(exitCode).toBe(6)
    expect((doc as {error: {message: string}}).error.message).toContain('returned no workflow id')
  })

  it('a 400 from the server (priority checked there too) keeps its message and exits 2 or 3, not 0', async () => {
    fakeConductor(server).on('POST', '/workflow', error(400, 'priority: must be less than or equal to 99'))
    const {doc, exitCode} = await run(['orders', '--json'])
    expect(exitCode).not.toBe(0)
    expect((doc as {error: {exitCode: number; message: string}}).error.exitCode).toBe(exitCode)
    expect((doc as {error: {message: string}}).error.message).toContain('priority')
  })
})

describe('run --file DEF (dynamic start)', () => {
  const def = {
    name: 'draft_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [{name: 'wait_here', taskReferenceName: 'wait_here', type: 'WAIT', inputParameters: {}}],
  }

  it('sends the definition inside the start request, under its own name', async () => {
    const file = join(dir, 'draft.json')
    await writeFile(file, JSON.stringify(def))
    const fake = starts('wf-draft')
    const {stdout, exitCode} = await run(['--file', file, '--input', 'a=1'])
    expect(exitCode).toBe(0)
    expect(stdout).toBe('wf-draft\n')
    const body = fake.sent[0]?.body as {name: string; input: unknown; workflowDef: {name: string; tasks: unknown[]}}
    expect(body.name).toBe('draft_flow')
    expect(body.input).toEqual({a: 1})
    expect(body.workflowDef.name).toBe('draft_flow')
    expect(body.workflowDef.tasks).toHaveLength(1)
  })

  it('with NAME or --version as well is a usage error (2), nothing sent', async () => {
    const file = join(dir, 'draft2.json')
    await writeFile(file, JSON.stringify(def))
    const fake = starts()
    for (const argv of [
      ['orders', '--file', file],
      ['--file', file, '--version', '2'],
    ]) {
      const {doc, exitCode} = await run([...argv, '--json'])
      expect(exitCode).toBe(2)
      expect((doc as {error: {message: string}}).error.message).toContain('--file runs the definition in the file')
    }
    expect(fake.sent).toHaveLength(0)
  })

  it('an invalid definition is invalid (3): the problems on stderr, nothing started', async () => {
    const file = join(dir, 'broken.json')
    await writeFile(
      file,
      JSON.stringify({name: 'broken', version: 1, schemaVersion: 2, tasks: [{name: 'x', type: 'SIMPLE'}]}),
    )
    const fake = starts()
    const text = await run(['--file', file])
    expect(text.exitCode).toBe(3)
    expect(text.stderr).toContain('taskReferenceName')
    expect(text.stderr).toContain('nothing was started')
    const json = await run(['--file', file, '--json'])
    expect(json.exitCode).toBe(3)
    expect(json.doc).toMatchObject({error: {kind: 'invalid', details: {problems: expect.any(Array)}}})
    expect(fake.sent).toHaveLength(0)
  })
})

describe('run --wait', () => {
  /** A start, then `running` polls answering RUNNING, then `final`. */
  const lifecycle = (id: string, running: number, final: Record<string, unknown>) => {
    const fake = starts(id)
    let polls = 0
    fake.on('GET', `/workflow/${id}`, () => {
      polls++
      return {body: polls <= running ? workflowDoc(id, 'RUNNING', {tasks: [taskDoc('charge', 'SCHEDULED')]}) : final}
    })
    return fake
  }

  it('COMPLETED: the output on stdout, the status line on stderr, exit 0', async () => {
    const fake = lifecycle('wf-r1', 2, workflowDoc('wf-r1', 'COMPLETED', {output: {receipt: 'r-9'}}))
    const {stdout, stderr, exitCode} = await run(['orders', '--wait', '30s'])
    expect(exitCode).toBe(0)
    expect(JSON.parse(stdout)).toEqual({receipt: 'r-9'})
    expect(stderr).toContain('orders COMPLETED in 4.5s (wf-r1)')
    expect(fake.requests('GET', '/workflow/wf-r1')).toHaveLength(3)
  })

  it('--wait alone (no value) waits with the default', async () => {
    lifecycle('wf-r2', 0, workflowDoc('wf-r2', 'COMPLETED', {output: {ok: 1}}))
    const {doc, exitCode} = await run(['orders', '--wait', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toMatchObject({workflowId: 'wf-r2', status: 'COMPLETED', finished: true, exitCode: 0, output: {ok: 1}})
  })

  it('FAILED: exit 10; --json carries the outcome beside the error', async () => {
    lifecycle('wf-r3', 0, workflowDoc('wf-r3', 'FAILED', {tasks: [taskDoc('charge', 'FAILED_WITH_TERMINAL_ERROR')]}))
    const {doc, exitCode} = await run(['orders', '--wait=1m', '--json'])
    expect(exitCode).toBe(10)
    expect(doc).toMatchObject({
      workflowId: 'wf-r3',
      status: 'FAILED',
      failedTasks: ['charge'],
      error: {kind: 'workflowFailed', exitCode: 10, message: 'wf-r3 is FAILED'},
    })
  })

  it('a poll that fails for a moment (the connection drops) is noted on stderr and following goes on', async () => {
    const fake = starts('wf-r4')
    // (an error without a code: the transport does not retry it, so the follower sees each one)
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/workflow/wf-r4'), method: 'GET'})
      .replyWithError(new Error('other side closed'))
      .times(2)
    fake.on('GET', '/workflow/wf-r4', {body: workflowDoc('wf-r4', 'COMPLETED')})
    const {stderr, exitCode} = await run(['orders', '--wait', '30s'])
    expect(exitCode).toBe(0)
    expect(stderr).toMatch(/status poll failed \(1×\): .*other side closed; still following until the deadline/)
    expect(stderr).not.toMatch(/\(2×\)/)
    expect(stderr).toContain('status polls answer again after 2 failure(s)')
    expect(stderr).toContain('orders COMPLETED in 4.5s (wf-r4)')
  })
})
