import {describe, expect, it} from 'vitest'
import WorkflowDeleteExecution from '../../../src/commands/workflow/delete-execution.js'
import WorkflowGetExecution from '../../../src/commands/workflow/get-execution.js'
import WorkflowPause from '../../../src/commands/workflow/pause.js'
import WorkflowRerun from '../../../src/commands/workflow/rerun.js'
import WorkflowRestart from '../../../src/commands/workflow/restart.js'
import WorkflowResume from '../../../src/commands/workflow/resume.js'
import WorkflowRetry from '../../../src/commands/workflow/retry.js'
import WorkflowSearch from '../../../src/commands/workflow/search.js'
import WorkflowSkipTask from '../../../src/commands/workflow/skip-task.js'
import WorkflowStart from '../../../src/commands/workflow/start.js'
import WorkflowStatus from '../../../src/commands/workflow/status.js'
import WorkflowTerminate from '../../../src/commands/workflow/terminate.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {error, fakeConductor, NOW, OK, tempDirs, type Doc} from './fake-conductor.js'

/** The official Go CLI's `workflow` execution commands, in process; each test declares the server's answers. */
const server = mockServer()
const fake = fakeConductor(server)
const tmp = tempDirs()
const run = (command: unknown, argv: string[]) => runInProcess(command as CommandClass, argv, server)
type Failure = {error: {kind: string; exitCode: number; message: string}; result?: unknown}

/** An execution as GET /api/workflow/{id} returns it. */
const execution = (workflowId: string, status: string, extra: Doc = {}): Doc => ({
  workflowId,
  workflowName: 'orders',
  workflowVersion: 1,
  status,
  input: {},
  output: {},
  startTime: NOW,
  tasks: [],
  ...extra,
})
const noExecution = (id: string) => error(404, `No such workflow found by id: ${id}`)
const sentLines = () => fake.writes().map((r) => `${r.method} ${r.path}${r.query.size > 0 ? `?${r.query}` : ''}`)

describe('workflow start', () => {
  it('-w NAME -i JSON: prints the id alone; the start request carries the input, version and correlation id', async () => {
    fake.on('POST', '/api/workflow', {body: 'wf-1'})
    const {stdout, exitCode} = await run(WorkflowStart, [
      '-w',
      'orders',
      '-i',
      '{"amount": 20}',
      '--version',
      '2',
      '--correlation',
      'c-1',
    ])
    expect(exitCode).toBe(0)
    expect(stdout).toBe('wf-1\n')
    const start = fake.writes()[0]
    expect(start).toMatchObject({method: 'POST', path: '/api/workflow'})
    expect(start?.body).toMatchObject({name: 'orders', version: 2, correlationId: 'c-1', input: {amount: 20}})
  })

  it('input from a YAML file; --json gives {workflowId}', async () => {
    fake.on('POST', '/api/workflow', {body: 'wf-7'})
    const dir = await tmp.write({'in.yaml': 'amount: 5\nitems: [a, b]\n'})
    const {doc} = await run(WorkflowStart, ['orders', '-f', `${dir}/in.yaml`, '--json'])
    expect(doc).toEqual({workflowId: 'wf-7'})
    expect(fake.writes()[0]?.body).toMatchObject({name: 'orders', input: {amount: 5, items: ['a', 'b']}})
  })

  it('--sync follows to the end and prints the output; a FAILED end is exit 10', async () => {
    fake.on('POST', '/api/workflow', {body: 'wf-1'})
    fake.on(
      'GET',
      '/api/workflow/wf-1',
      {body: execution('wf-1', 'RUNNING')},
      {body: execution('wf-1', 'COMPLETED', {output: {done: true}, endTime: NOW + 5})},
    )
    const ok = await run(WorkflowStart, ['-w', 'orders', '--sync'])
    expect(ok.exitCode).toBe(0)
    expect(JSON.parse(ok.stdout)).toEqual({done: true})
    // followed until the end
    expect(fake.sent('GET', '/api/workflow/wf-1').length).toBeGreaterThan(1)
  })

  it('--sync: a FAILED execution exits 10 with the outcome line', async () => {
    fake.on('POST', '/api/workflow', {body: 'wf-1'})
    fake.on('GET', '/api/workflow/wf-1', {
      body: execution('wf-1', 'FAILED', {reasonForIncompletion: 'boom', endTime: NOW + 5}),
    })
    const failed = await run(WorkflowStart, ['-w', 'orders', '--sync', '--full'])
    expect(failed.exitCode).toBe(10)
    expect(JSON.parse(failed.stdout)).toMatchObject({status: 'FAILED'})
    expect(failed.stderr).toContain('FAILED')
    expect(failed.stderr).toContain('boom')
  })

  it('usage: no name, --full without --sync, input that is not an object; a missing workflow is exit 4', async () => {
    expect((await run(WorkflowStart, ['--json'])).exitCode).toBe(2)
    expect((await run(WorkflowStart, ['-w', 'x', '--full', '--json'])).exitCode).toBe(2)
    expect((await run(WorkflowStart, ['-w', 'x', '-i', '[1]', '--json'])).exitCode).toBe(2)
    expect(fake.requests).toEqual([])
    fake.on('POST', '/api/workflow', error(404, 'No such workflow found by name: nosuch, version: null'))
    const missing = await run(WorkflowStart, ['-w', 'nosuch', '--json'])
    expect(missing.exitCode).toBe(4)
  })
})

describe('workflow status / get-execution', () => {
  it('status prints one status per id; an unknown id is reported and exits 4', async () => {
    fake.on('GET', '/api/workflow/a/status', {body: {workflowId: 'a', status: 'RUNNING'}})
    fake.on('GET', '/api/workflow/b/status', {body: {workflowId: 'b', status: 'COMPLETED'}})
    fake.on('GET', '/api/workflow/nosuch/status', noExecution('nosuch'))
    const ok = await run(WorkflowStatus, ['a', 'b'])
    expect(ok.exitCode).toBe(0)
    expect(ok.stdout).toBe('RUNNING\nCOMPLETED\n')
    const mixed = await run(WorkflowStatus, ['a', 'nosuch', '--json'])
    expect(mixed.exitCode).toBe(4)
    expect(mixed.stdout).toContain('"RUNNING"')
  })

  // bug found here: -c was undefined when not given, so getWorkflow's default (includeTasks=true) applied
  it('get-execution prints the execution without its tasks and definition unless --complete', async () => {
    fake.on('GET', '/api/workflow/a?includeTasks=false', {body: execution('a', 'RUNNING', {tasks: []})})
    fake.on('GET', '/api/workflow/a', {
      body: execution('a', 'RUNNING', {workflowDefinition: {name: 'orders'}, tasks: [{taskId: 't'}]}),
    })
    const brief = await run(WorkflowGetExecution, ['a'])
    expect(brief.exitCode).toBe(0)
    expect(brief.doc).not.toHaveProperty('workflowDefinition')
    expect(fake.requests[0]?.query.get('includeTasks')).toBe('false')
    expect((brief.doc as Doc).tasks).toEqual([])
    const full = await run(WorkflowGetExecution, ['a', '--complete'])
    expect(full.doc).toMatchObject({workflowDefinition: {name: 'orders'}, tasks: [{taskId: 't'}]})
    expect(fake.requests[1]?.query.get('includeTasks')).not.toBe('false')
  })
})

describe('workflow control (pause, resume, retry, restart, terminate, delete-execution)', () => {
  it("pause then resume one execution, with the Go CLI's lines", async () => {
    fake.on('PUT', '/api/workflow/a/pause', OK)
    fake.on('PUT', '/api/workflow/a/resume', OK)
    const paused = await run(WorkflowPause, ['a'])
    expect(paused.exitCode).toBe(0)
    expect(paused.stdout.trim()).toBe('workflow a paused successfully')
    const resumed = await run(WorkflowResume, ['a'])
    expect(resumed.exitCode).toBe(0)
    expect(sentLines()).toEqual(['PUT /api/workflow/a/pause', 'PUT /api/workflow/a/resume'])
  })

  it('several ids go through the bulk endpoint; a refused one sets the exit code and gets its line on stderr', async () => {
    fake.on('PUT', '/api/workflow/bulk/pause', {
      body: {bulkErrorResults: {b: 'Workflow b has ended, status cannot be updated.'}, bulkSuccessfulResults: ['a']},
    })
    fake.on('GET', '/api/workflow/b/status', {body: {workflowId: 'b', status: 'COMPLETED'}})
    fake.on('GET', '/api/workflow/b', {body: execution('b', 'COMPLETED')})
    const {exitCode, stdout, stderr} = await run(WorkflowPause, ['a', 'b'])
    expect(exitCode).not.toBe(0)
    expect(stdout).toContain('workflow a paused successfully')
    expect(stderr).toContain('b')
    expect(sentLines()).toEqual(['PUT /api/workflow/bulk/pause'])
    expect(fake.writes()[0]?.body).toEqual(['a', 'b'])
  })

  it('terminate records the reason; retry and restart a terminated execution', async () => {
    fake.on('DELETE', '/api/workflow/a', OK)
    fake.on('POST', '/api/workflow/a/retry', {status: 204})
    fake.on('POST', '/api/workflow/a/restart', {status: 204})
    const terminated = await run(WorkflowTerminate, ['a', '--reason', 'stop it'])
    expect(terminated.exitCode).toBe(0)
    expect(fake.writes()[0]?.query.get('reason')).toBe('stop it')
    expect((await run(WorkflowRetry, ['a'])).exitCode).toBe(0)
    const restarted = await run(WorkflowRestart, ['a', '--use-latest'])
    expect(restarted.exitCode).toBe(0)
    expect(sentLines()).toEqual([
      'DELETE /api/workflow/a?reason=stop+it',
      expect.stringMatching(/^POST \/api\/workflow\/a\/retry/),
      'POST /api/workflow/a/restart?useLatestDefinitions=true',
    ])
  })

  it('delete-execution asks (refused without --yes off a terminal), then removes', async () => {
    fake.on('DELETE', '/api/workflow/a/remove', OK)
    expect((await run(WorkflowDeleteExecution, ['a'])).exitCode).toBe(2)
    expect(fake.writes()).toEqual([])
    const ok = await run(WorkflowDeleteExecution, ['a', '--yes'])
    expect(ok.exitCode).toBe(0)
    expect(sentLines()).toEqual([expect.stringMatching(/^DELETE \/api\/workflow\/a\/remove/)])
  })

  it('an unknown id is exit 4', async () => {
    fake.on('DELETE', '/api/workflow/nosuch', noExecution('nosuch'))
    const {exitCode, stderr} = await run(WorkflowTerminate, ['nosuch'])
    expect(exitCode).toBe(4)
    expect(stderr).toContain('nosuch')
  })
})

describe('workflow skip-task / rerun', () => {
  it('skip-task sends the inputs and prints the Go CLI line', async () => {
    fake.on('PUT', '/api/workflow/a/skiptask/ship', OK)
    const {stdout, exitCode} = await run(WorkflowSkipTask, ['a', 'ship', '--task-output', '{"skipped": true}'])
    expect(exitCode).toBe(0)
    expect(stdout.trim()).toBe('task ship in workflow a skipped successfully')
    expect(fake.writes()[0]?.path).toBe('/api/workflow/a/skiptask/ship')
  })

  it('skip-task on an ended execution: refused with its exit code', async () => {
    fake.on('PUT', '/api/workflow/a/skiptask/ship', error(500, 'The workflow a is not running'))
    fake.on('GET', '/api/workflow/a/status', {body: {workflowId: 'a', status: 'COMPLETED'}})
    const {exitCode, stderr} = await run(WorkflowSkipTask, ['a', 'ship'])
    expect(exitCode).not.toBe(0)
    expect(stderr).toContain('COMPLETED')
  })

  it('rerun replaces the workflow input and prints the id; a missing execution is exit 4', async () => {
    fake.on('GET', '/api/workflow/a', {body: execution('a', 'FAILED', {input: {x: 1}, endTime: NOW + 5})})
    fake.on('GET', '/api/workflow/nosuch', noExecution('nosuch'))
    fake.on('POST', '/api/workflow/a/rerun', {body: 'a'})
    const {stdout, exitCode} = await run(WorkflowRerun, ['a', '--workflow-input', '{"x": 2}', '--correlation-id', 'c'])
    expect(exitCode).toBe(0)
    expect(stdout.trim()).toBe('a')
    expect(fake.writes()[0]?.body).toMatchObject({workflowInput: {x: 2}, correlationId: 'c'})
    expect((await run(WorkflowRerun, ['nosuch'])).exitCode).toBe(4)
    expect(sentLines()).toEqual(['POST /api/workflow/a/rerun'])
  })
})

describe('workflow search', () => {
  const row = (workflowId: string, status: string): Doc => ({
    workflowId,
    workflowType: 'orders',
    version: 1,
    status,
    startTime: '2025-12-06T05:46:40.000Z',
  })

  it('-w and -s become the query; --json gives {totalHits, results}', async () => {
    fake.on('GET', '/api/workflow/search', {body: {totalHits: 1, results: [row('a', 'FAILED')]}})
    const {doc, exitCode} = await run(WorkflowSearch, ['-w', 'orders', '-s', 'FAILED', '-c', '5', '--json'])
    expect(exitCode).toBe(0)
    expect((doc as {totalHits: number; results: Doc[]}).results.map((r) => r.workflowId)).toEqual(['a'])
    const query = fake.requests.find((r) => r.path === '/api/workflow/search')?.query.get('query') ?? ''
    expect(query).toContain('workflowType')
    expect(query).toContain('FAILED')
  })

  it('--csv prints a header and a row per execution', async () => {
    fake.on('GET', '/api/workflow/search', {body: {totalHits: 1, results: [row('a', 'RUNNING')]}})
    const {stdout, exitCode} = await run(WorkflowSearch, ['--csv'])
    expect(exitCode).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('a')
  })

  it('a bad time is a usage error, nothing sent', async () => {
    const {exitCode} = await run(WorkflowSearch, ['--start-time-after', 'not a time', '--json'])
    expect(exitCode).toBe(2)
    expect(fake.requests).toEqual([])
  })
})

describe('errors for a value that is not JSON', () => {
  it('skip-task --task-input must be a JSON object', async () => {
    const {doc, exitCode} = await run(WorkflowSkipTask, ['a', 'ship', '--task-input', 'nope', '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Failure).error.message).toContain('--task-input')
  })
})
