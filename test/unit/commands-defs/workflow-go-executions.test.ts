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
import {defs, fakeConductor, tempDirs, type Doc} from './fake-conductor.js'

/** The official Go CLI's `workflow` execution commands, in process, against the in-memory server. */
const server = mockServer()
const fake = fakeConductor(server)
const tmp = tempDirs()
const run = (command: unknown, argv: string[]) => runInProcess(command as CommandClass, argv, server)
type Failure = {error: {kind: string; exitCode: number; message: string}; result?: unknown}

describe('workflow start', () => {
  it('-w NAME -i JSON: prints the id alone; the start request carries the input, version and correlation id', async () => {
    fake.addWorkflow(defs.workflow('orders', 2))
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
    fake.addWorkflow(defs.workflow('orders'))
    const dir = await tmp.write({'in.yaml': 'amount: 5\nitems: [a, b]\n'})
    const {doc} = await run(WorkflowStart, ['orders', '-f', `${dir}/in.yaml`, '--json'])
    expect(doc).toEqual({workflowId: 'wf-1'})
    expect(fake.executions.get('wf-1')?.input).toEqual({amount: 5, items: ['a', 'b']})
  })

  it('--sync follows to the end and prints the output; a FAILED end is exit 10', async () => {
    fake.addWorkflow(defs.workflow('orders'))
    let polls = 0
    fake.on('GET', '/api/workflow/wf-1', () => {
      polls++
      return {
        status: 200,
        body: {workflowId: 'wf-1', workflowName: 'orders', status: 'COMPLETED', output: {done: true}, tasks: []},
      }
    })
    const ok = await run(WorkflowStart, ['-w', 'orders', '--sync'])
    expect(ok.exitCode).toBe(0)
    expect(JSON.parse(ok.stdout)).toEqual({done: true})
    expect(polls).toBeGreaterThan(0)
  })

  it('--sync: a FAILED execution exits 10 with the outcome line', async () => {
    fake.addWorkflow(defs.workflow('orders'))
    fake.on('GET', /^\/api\/workflow\/wf-\d+$/, () => ({
      status: 200,
      body: {workflowId: 'wf-1', workflowName: 'orders', status: 'FAILED', reasonForIncompletion: 'boom', tasks: []},
    }))
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
    const missing = await run(WorkflowStart, ['-w', 'nosuch', '--json'])
    expect(missing.exitCode).toBe(4)
  })
})

describe('workflow status / get-execution', () => {
  it('status prints one status per id; an unknown id is reported and exits 4', async () => {
    fake.addExecution({workflowId: 'a', status: 'RUNNING'})
    fake.addExecution({workflowId: 'b', status: 'COMPLETED'})
    const ok = await run(WorkflowStatus, ['a', 'b'])
    expect(ok.exitCode).toBe(0)
    expect(ok.stdout).toBe('RUNNING\nCOMPLETED\n')
    const mixed = await run(WorkflowStatus, ['a', 'nosuch', '--json'])
    expect(mixed.exitCode).toBe(4)
    expect(mixed.stdout).toContain('"RUNNING"')
  })

  // bug found here: -c was undefined when not given, so getWorkflow's default (includeTasks=true) applied
  it('get-execution prints the execution without its tasks and definition unless --complete', async () => {
    fake.addExecution({
      workflowId: 'a',
      status: 'RUNNING',
      workflowDefinition: {name: 'orders'},
      tasks: [{taskId: 't'}],
    })
    const brief = await run(WorkflowGetExecution, ['a'])
    expect(brief.exitCode).toBe(0)
    expect(brief.doc).not.toHaveProperty('workflowDefinition')
    expect(fake.requests[0]?.query.get('includeTasks')).toBe('false')
    expect((brief.doc as Doc).tasks).toEqual([])
    const full = await run(WorkflowGetExecution, ['a', '--complete'])
    expect(full.doc).toMatchObject({workflowDefinition: {name: 'orders'}, tasks: [{taskId: 't'}]})
  })
})

describe('workflow control (pause, resume, retry, restart, terminate, delete-execution)', () => {
  it("pause then resume one execution, with the Go CLI's lines", async () => {
    fake.addExecution({workflowId: 'a', status: 'RUNNING'})
    const paused = await run(WorkflowPause, ['a'])
    expect(paused.exitCode).toBe(0)
    expect(paused.stdout.trim()).toBe('workflow a paused successfully')
    expect(fake.executions.get('a')?.status).toBe('PAUSED')
    const resumed = await run(WorkflowResume, ['a'])
    expect(resumed.exitCode).toBe(0)
    expect(fake.executions.get('a')?.status).toBe('RUNNING')
  })

  it('several ids go through the bulk endpoint; a refused one sets the exit code and gets its line on stderr', async () => {
    fake.addExecution({workflowId: 'a', status: 'RUNNING'})
    fake.addExecution({workflowId: 'b', status: 'COMPLETED'})
    const {exitCode, stdout, stderr} = await run(WorkflowPause, ['a', 'b'])
    expect(exitCode).not.toBe(0)
    expect(stdout).toContain('workflow a paused successfully')
    expect(stderr).toContain('b')
    expect(fake.writes().map((r) => `${r.method} ${r.path}`)).toContain('PUT /api/workflow/bulk/pause')
  })

  it('terminate records the reason; retry and restart a terminated execution', async () => {
    fake.addExecution({workflowId: 'a', status: 'RUNNING'})
    const terminated = await run(WorkflowTerminate, ['a', '--reason', 'stop it'])
    expect(terminated.exitCode).toBe(0)
    expect(fake.executions.get('a')).toMatchObject({status: 'TERMINATED', reasonForIncompletion: 'stop it'})
    expect((await run(WorkflowRetry, ['a'])).exitCode).toBe(0)
    expect(fake.executions.get('a')?.status).toBe('RUNNING')
    fake.executions.get('a')!.status = 'FAILED'
    const restarted = await run(WorkflowRestart, ['a', '--use-latest'])
    expect(restarted.exitCode).toBe(0)
    expect(fake.requests.find((r) => r.path === '/api/workflow/a/restart')?.query.get('useLatestDefinitions')).toBe(
      'true',
    )
  })

  it('delete-execution asks (refused without --yes off a terminal), then removes', async () => {
    fake.addExecution({workflowId: 'a', status: 'COMPLETED'})
    expect((await run(WorkflowDeleteExecution, ['a'])).exitCode).toBe(2)
    expect(fake.executions.has('a')).toBe(true)
    const ok = await run(WorkflowDeleteExecution, ['a', '--yes'])
    expect(ok.exitCode).toBe(0)
    expect(fake.executions.has('a')).toBe(false)
  })

  it('an unknown id is exit 4', async () => {
    const {exitCode, stderr} = await run(WorkflowTerminate, ['nosuch'])
    expect(exitCode).toBe(4)
    expect(stderr).toContain('nosuch')
  })
})

describe('workflow skip-task / rerun', () => {
  it('skip-task sends the inputs and prints the Go CLI line', async () => {
    fake.addExecution({workflowId: 'a', status: 'RUNNING'})
    const {stdout, exitCode} = await run(WorkflowSkipTask, ['a', 'ship', '--task-output', '{"skipped": true}'])
    expect(exitCode).toBe(0)
    expect(stdout.trim()).toBe('task ship in workflow a skipped successfully')
    expect(fake.writes()[0]?.path).toBe('/api/workflow/a/skiptask/ship')
  })

  it('skip-task on an ended execution: refused with its exit code', async () => {
    fake.addExecution({workflowId: 'a', status: 'COMPLETED'})
    const {exitCode} = await run(WorkflowSkipTask, ['a', 'ship'])
    expect(exitCode).not.toBe(0)
  })

  it('rerun replaces the workflow input and prints the id; a missing execution is exit 4', async () => {
    fake.addExecution({workflowId: 'a', status: 'FAILED', input: {x: 1}})
    const {stdout, exitCode} = await run(WorkflowRerun, ['a', '--workflow-input', '{"x": 2}', '--correlation-id', 'c'])
    expect(exitCode).toBe(0)
    expect(stdout.trim()).toBe('a')
    expect(fake.executions.get('a')).toMatchObject({status: 'RUNNING', input: {x: 2}})
    expect(fake.writes()[0]?.body).toMatchObject({workflowInput: {x: 2}, correlationId: 'c'})
    expect((await run(WorkflowRerun, ['nosuch'])).exitCode).toBe(4)
  })
})

describe('workflow search', () => {
  it('-w and -s become the query; --json gives {totalHits, results}', async () => {
    fake.addExecution({workflowId: 'a', workflowType: 'orders', status: 'FAILED', startTime: 1_765_000_000_000})
    const {doc, exitCode} = await run(WorkflowSearch, ['-w', 'orders', '-s', 'FAILED', '-c', '5', '--json'])
    expect(exitCode).toBe(0)
    expect((doc as {totalHits: number; results: Doc[]}).results.map((r) => r.workflowId)).toEqual(['a'])
    const query = fake.requests.find((r) => r.path === '/api/workflow/search')?.query.get('query') ?? ''
    expect(query).toContain('workflowType')
    expect(query).toContain('FAILED')
  })

  it('--csv prints a header and a row per execution', async () => {
    fake.addExecution({workflowId: 'a', workflowType: 'orders', status: 'RUNNING', startTime: 1_765_000_000_000})
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
