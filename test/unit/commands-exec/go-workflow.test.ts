import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import TaskPoll from '../../../src/commands/task/poll.js'
import TaskUpdateExecution from '../../../src/commands/task/update-execution.js'
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
import {error, fakeConductor, summaryRow, taskDoc, workflowDoc} from './fake-conductor.js'

/** The Go CLI's `workflow …` execution commands: its output words, our exit codes. */
const server = mockServer()
const run = (command: unknown, argv: string[]) => runInProcess(command as CommandClass, argv, server)
type Doc = {result?: unknown; error?: {kind: string; exitCode: number; message: string; hint?: string}}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cov-exec-go-'))
})
afterAll(async () => rm(dir, {recursive: true, force: true}))

describe('workflow pause|resume|retry|restart|terminate|delete-execution', () => {
  it.each([
    [WorkflowPause, 'PUT', '/workflow/wf-1/pause', [], 'workflow wf-1 paused successfully'],
    [WorkflowResume, 'PUT', '/workflow/wf-1/resume', [], 'workflow wf-1 resumed successfully'],
    [WorkflowRetry, 'POST', '/workflow/wf-1/retry', [], 'workflow wf-1 retry initiated successfully'],
    [WorkflowRestart, 'POST', '/workflow/wf-1/restart', ['--use-latest'], 'workflow wf-1 restarted successfully'],
    [WorkflowTerminate, 'DELETE', '/workflow/wf-1', ['--reason', 'stuck'], 'wf-1'],
    [
      WorkflowDeleteExecution,
      'DELETE',
      '/workflow/wf-1/remove',
      ['-y', '-a'],
      'workflow execution wf-1 deleted successfully',
    ],
  ] as const)('%o: %s %s, then the Go CLI’s line on stdout', async (command, method, path, extra, line) => {
    const fake = fakeConductor(server)
    fake.on(method, path, {})
    const {stdout, exitCode} = await run(command, ['wf-1', ...extra])
    expect(exitCode).toBe(0)
    expect(stdout).toBe(`${line}\n`)
    expect(fake.sent.map((r) => [r.method, r.path])).toEqual([[method, path]])
  })

  it('settings reach the server: restart --use-latest, terminate --reason, delete-execution -a', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow/wf-1/restart', {status: 204})
    fake.on('DELETE', '/workflow/wf-1', {})
    fake.on('DELETE', '/workflow/wf-1/remove', {})
    await run(WorkflowRestart, ['wf-1', '--use-latest'])
    await run(WorkflowTerminate, ['wf-1', '--reason', 'stuck'])
    await run(WorkflowDeleteExecution, ['wf-1', '-y', '-a'])
    expect(fake.sent.map((r) => r.query)).toEqual([
      {useLatestDefinitions: 'true'},
      {reason: 'stuck'},
      {archiveWorkflow: 'true'},
    ])
  })

  it('a failure: its line on stderr (no second Error line) and the exit code of its kind, unlike the Go CLI’s 0', async () => {
    const fake = fakeConductor(server)
    fake.on('PUT', '/workflow/bulk/pause', {
      body: {bulkErrorResults: {gone: 'No such workflow found by id: gone'}, bulkSuccessfulResults: ['wf-1']},
    })
    const {stdout, stderr, exitCode} = await run(WorkflowPause, ['wf-1', 'gone'])
    expect(exitCode).toBe(9)
    expect(stdout).toBe('workflow wf-1 paused successfully\n')
    expect(stderr).toContain('error pausing workflow gone: no execution with id gone\n')
    expect(stderr).not.toContain('Error:')
  })

  it('one id refused: exit 5 and the Go CLI’s error line', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow/wf-2/retry', error(404, 'Workflow is still running.  status=RUNNING'))
    fake.on('GET', '/workflow/wf-2/status', {body: {workflowId: 'wf-2', status: 'RUNNING'}})
    const {stdout, stderr, exitCode} = await run(WorkflowRetry, ['wf-2'])
    expect(exitCode).toBe(5)
    expect(stdout).toBe('')
    expect(stderr).toMatch(
      /^error retrying workflow wf-2: retry only applies to FAILED, TIMED_OUT or TERMINATED workflows/,
    )
  })

  it('--json: the per-id results, as `execution pause --json`', async () => {
    fakeConductor(server).on('PUT', '/workflow/wf-1/resume', {})
    const {doc, stdout} = await run(WorkflowResume, ['wf-1', '--json'])
    expect(doc).toEqual([{id: 'wf-1', ok: true, message: 'resumed'}])
    expect(stdout).not.toContain('successfully')
  })

  it('delete-execution asks (needs -y without a terminal); terminate does not', async () => {
    const fake = fakeConductor(server)
    const {exitCode, stderr} = await run(WorkflowDeleteExecution, ['wf-1'])
    expect(exitCode).toBe(2)
    expect(stderr).toContain('needs --yes')
    expect(fake.sent).toHaveLength(0)
  })

  it('--query --dry-run lists the ids it would act on', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/admin/config', {body: {}})
    fake.on('GET', '/workflow/search', {
      body: {totalHits: 2, results: [summaryRow('a', 'RUNNING'), summaryRow('b', 'RUNNING')]},
    })
    const {stdout, exitCode} = await run(WorkflowTerminate, ['--query', 'status=RUNNING', '--dry-run'])
    expect(exitCode).toBe(0)
    expect(stdout).toBe('a\nb\n')
    expect(fake.sent.every((r) => r.method === 'GET')).toBe(true)
  })
})

describe('workflow status and get-execution', () => {
  it('status: the bare status word per id; an unknown id on stderr, the others still printed, exit 4', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/workflow/wf-1/status', {body: {workflowId: 'wf-1', status: 'COMPLETED'}})
    fake.on('GET', '/workflow/gone/status', error(404, 'No such workflow found by id: gone'))
    fake.on('GET', '/workflow/wf-2/status', {body: {workflowId: 'wf-2', status: 'RUNNING'}})
    const {stdout, stderr, exitCode} = await run(WorkflowStatus, ['wf-1', 'gone', 'wf-2'])
    expect(exitCode).toBe(4)
    expect(stdout).toBe('COMPLETED\nRUNNING\n')
    expect(stderr).toBe('Error: no execution with id gone\n')
  })

  it('status --json: [{id, ok, status}]', async () => {
    fakeConductor(server).on('GET', '/workflow/wf-1/status', {body: {workflowId: 'wf-1', status: 'PAUSED'}})
    const {doc, exitCode} = await run(WorkflowStatus, ['wf-1', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toEqual([{id: 'wf-1', ok: true, status: 'PAUSED'}])
  })

  it('get-execution: without -c no tasks are asked for and the embedded definition is dropped', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/workflow/wf-1', (req) => ({
      body: workflowDoc('wf-1', 'COMPLETED', {
        workflowDefinition: {name: 'orders', version: 2, tasks: []},
        tasks: req.query.includeTasks === 'true' ? [taskDoc('charge', 'COMPLETED')] : [],
      }),
    }))
    const plain = await run(WorkflowGetExecution, ['wf-1'])
    expect(plain.exitCode).toBe(0)
    const doc = JSON.parse(plain.stdout) as Record<string, unknown>
    expect(doc.workflowId).toBe('wf-1')
    expect(doc).not.toHaveProperty('workflowDefinition')
    expect(doc.tasks).toEqual([])
    const complete = await run(WorkflowGetExecution, ['-c', 'wf-1'])
    const full = JSON.parse(complete.stdout) as {workflowDefinition: unknown; tasks: unknown[]}
    expect(full.workflowDefinition).toBeDefined()
    expect(full.tasks).toHaveLength(1)
    expect(fake.sent.map((r) => r.query.includeTasks)).toEqual(['false', 'true'])
  })

  it('get-execution of two ids, one failing in two different ways from the other: partial (9)', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/workflow/gone', error(404, 'No such workflow found by id: gone'))
    fake.on('GET', '/workflow/odd', {body: {hello: 'not an execution'}})
    const {doc, exitCode} = await run(WorkflowGetExecution, ['gone', 'odd', '--json'])
    expect(exitCode).toBe(9)
    expect((doc as Doc).result).toEqual([
      {id: 'gone', ok: false, message: 'no execution with id gone', kind: 'notFound'},
      {id: 'odd', ok: false, message: expect.stringContaining('not a workflow execution'), kind: 'server'},
    ])
  })
})

describe('workflow start', () => {
  it('-w NAME -i JSON --version --correlation: the start request; stdout is the id', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow', {body: 'wf-new'})
    const {stdout, exitCode} = await run(WorkflowStart, [
      '-w',
      'orders',
      '-i',
      '{"orderId":"42"}',
      '--version',
      '2',
      '--correlation',
      'c-1',
    ])
    expect(exitCode).toBe(0)
    expect(stdout).toBe('wf-new\n')
    expect(fake.sent[0]?.body).toEqual({name: 'orders', input: {orderId: '42'}, version: 2, correlationId: 'c-1'})
  })

  it('-f FILE (YAML) as the input; version 0 means the latest (not sent)', async () => {
    const file = join(dir, 'in.yaml')
    await writeFile(file, 'a: 1\n')
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow', {body: 'wf-f'})
    const {exitCode} = await run(WorkflowStart, ['orders', '-f', file, '--version', '0'])
    expect(exitCode).toBe(0)
    expect(fake.sent[0]?.body).toEqual({name: 'orders', input: {a: 1}})
  })

  it('usage errors: no name, --full without --sync, -i that is not an object', async () => {
    const fake = fakeConductor(server)
    const noName = await run(WorkflowStart, ['--json'])
    expect((noName.doc as Doc).error?.message).toBe('Missing the workflow name')
    const full = await run(WorkflowStart, ['orders', '--full', '--json'])
    expect((full.doc as Doc).error?.message).toBe('--wait-until and --full need --sync')
    const list = await run(WorkflowStart, ['orders', '-i', '[1]', '--json'])
    expect((list.doc as Doc).error?.message).toBe('--input: expected a JSON object, got [1]')
    const bad = await run(WorkflowStart, ['orders', '-i', '{oops', '--json'])
    expect((bad.doc as Doc).error?.message).toMatch(/^--input: not valid JSON/)
    for (const r of [noName, full, list, bad]) expect(r.exitCode).toBe(2)
    expect(fake.sent).toHaveLength(0)
  })

  it('--sync: follows to the end and prints the output (--full: the whole execution)', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow', {body: 'wf-s'})
    fake.on('GET', '/workflow/wf-s', {body: workflowDoc('wf-s', 'COMPLETED', {output: {done: true}})})
    const out = await run(WorkflowStart, ['-w', 'orders', '--sync'])
    expect(out.exitCode).toBe(0)
    expect(JSON.parse(out.stdout)).toEqual({done: true})
    const full = await run(WorkflowStart, ['-w', 'orders', '--sync', '--full'])
    expect(JSON.parse(full.stdout)).toMatchObject({workflowId: 'wf-s', status: 'COMPLETED'})
  })

  it('--sync of a workflow that FAILED: exit 10 and the status line on stderr', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow', {body: 'wf-f'})
    fake.on('GET', '/workflow/wf-f', {body: workflowDoc('wf-f', 'FAILED', {reasonForIncompletion: 'boom'})})
    const {stderr, exitCode, doc} = await run(WorkflowStart, ['-w', 'orders', '--sync', '--json'])
    expect(exitCode).toBe(10)
    expect(doc).toMatchObject({workflowId: 'wf-f', status: 'FAILED', error: {kind: 'workflowFailed'}})
    expect(stderr).toBe('')
    const text = await run(WorkflowStart, ['-w', 'orders', '--sync'])
    expect(text.stderr).toContain('orders FAILED in 4.5s (wf-f): boom')
  })

  it('--sync -u REF returns once that task has completed, while the workflow still runs (exit 0)', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow', {body: 'wf-u'})
    fake.on('GET', '/workflow/wf-u', {
      body: workflowDoc('wf-u', 'RUNNING', {
        tasks: [taskDoc('approve', 'COMPLETED'), taskDoc('ship', 'IN_PROGRESS', {seq: 2})],
      }),
    })
    const {exitCode, doc} = await run(WorkflowStart, ['-w', 'orders', '--sync', '-u', 'approve', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toMatchObject({workflowId: 'wf-u', status: 'RUNNING'})
    expect(fake.requests('GET', '/workflow/wf-u')).toHaveLength(1)
  })
})

describe('workflow search (the Go CLI’s flags and table)', () => {
  const results = [
    summaryRow('wf-1', 'FAILED'),
    summaryRow('wf-2', 'RUNNING', {endTime: undefined, startTime: '2026-11-27T09:00:00.000Z'}),
  ]
  const searching = () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/workflow/search', {body: {totalHits: 2, results}})
    return fake
  }

  it('-w -s and times become the query; the fixed-width table, "-" for a missing end', async () => {
    const fake = searching()
    const {stdout, exitCode} = await run(WorkflowSearch, [
      '-w',
      'orders,billing',
      '-s',
      'FAILED,RUNNING',
      '--start-time-after',
      '2026-11-01',
      '-c',
      '5',
    ])
    expect(exitCode).toBe(0)
    const sent = fake.requests('GET', '/workflow/search')[0]
    expect(sent?.query.query).toBe(
      `workflowType IN (orders,billing) AND status IN (FAILED,RUNNING) AND startTime>${Date.UTC(2026, 10, 1)}`,
    )
    expect(sent?.query.size).toBe('5')
    const lines = stdout.split('\n')
    expect(lines[0]).toMatch(/^START TIME {16}WORKFLOW ID {28}WORKFLOW NAME {18}END TIME {18}STATUS/)
    expect(lines[2]).toMatch(/^2026-11-27T09:00:00\.000Z +wf-2 +orders +- +RUNNING/)
  })

  it('--json: {totalHits, results}; --csv: the same columns as CSV', async () => {
    searching()
    const json = await run(WorkflowSearch, ['--json'])
    expect(json.doc).toMatchObject({totalHits: 2, results: [{workflowId: 'wf-1'}, {workflowId: 'wf-2'}]})
    searching()
    const csv = await run(WorkflowSearch, ['--csv'])
    expect(csv.stdout.split('\n')[0]).toBe('START TIME,WORKFLOW ID,WORKFLOW NAME,END TIME,STATUS')
    expect(csv.stdout.split('\n')[2]).toBe('2026-11-27T09:00:00.000Z,wf-2,orders,,RUNNING')
  })

  it('FREE_TEXT goes to freeText; --debug prints the request on stderr', async () => {
    const fake = searching()
    const {stderr} = await run(WorkflowSearch, ['customer-42', '--debug'])
    expect(fake.requests('GET', '/workflow/search')[0]?.query.freeText).toBe('customer-42')
    expect(stderr).toContain('GET /api/workflow/search')
    expect(stderr).toContain('freeText:  customer-42')
  })

  it('a time it cannot read is a usage error naming the formats', async () => {
    const fake = fakeConductor(server)
    const {doc, exitCode} = await run(WorkflowSearch, ['--start-time-before', 'last week', '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error).toMatchObject({
      message: "--start-time-before: unable to parse time 'last week'",
      hint: expect.stringContaining('MM/DD/YYYY'),
    })
    expect(fake.sent).toHaveLength(0)
  })
})

describe('workflow rerun and skip-task (Go CLI forms)', () => {
  it('rerun: checks the execution exists, sends the whole inputs as given, prints the id', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/workflow/wf-1', {body: workflowDoc('wf-1', 'FAILED')})
    fake.on('POST', '/workflow/wf-1/rerun', {body: 'wf-1'})
    const {stdout, exitCode} = await run(WorkflowRerun, [
      'wf-1',
      '--task-id',
      't-9',
      '--correlation-id',
      'c-2',
      '--task-input',
      '{"amount":5}',
      '--workflow-input',
      '{"orderId":"43"}',
    ])
    expect(exitCode).toBe(0)
    expect(stdout).toBe('wf-1\n')
    expect(fake.requests('GET', '/workflow/wf-1')[0]?.query).toEqual({includeTasks: 'false'})
    expect(fake.requests('POST', '/workflow/wf-1/rerun')[0]?.body).toEqual({
      reRunFromWorkflowId: 'wf-1',
      reRunFromTaskId: 't-9',
      correlationId: 'c-2',
      taskInput: {amount: 5},
      workflowInput: {orderId: '43'},
    })
  })

  it('rerun of an unknown execution: not found (4), nothing rerun', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/workflow/gone', error(404, 'No such workflow found by id: gone'))
    const {exitCode} = await run(WorkflowRerun, ['gone'])
    expect(exitCode).toBe(4)
    expect(fake.requests('POST', '/workflow/gone/rerun')).toHaveLength(0)
  })

  it('skip-task: no prompt; JSON values of the input and output go as text in the query', async () => {
    const fake = fakeConductor(server)
    fake.on('PUT', '/workflow/wf-1/skiptask/lookup', {})
    const {stdout, exitCode} = await run(WorkflowSkipTask, ['wf-1', 'lookup', '--task-output', '{"tier":"gold","n":2}'])
    expect(exitCode).toBe(0)
    expect(stdout).toBe('task lookup in workflow wf-1 skipped successfully\n')
    expect(fake.sent[0]?.query).toEqual({'taskOutput[tier]': 'gold', 'taskOutput[n]': '2'})
  })

  it('skip-task refused by the server: the explained error and its exit code', async () => {
    const fake = fakeConductor(server)
    fake.on('PUT', '/workflow/wf-2/skiptask/x', error(500, 'The task x has already been processed, cannot be skipped'))
    fake.on('GET', '/workflow/wf-2/status', {body: {workflowId: 'wf-2', status: 'RUNNING'}})
    const {stdout, stderr, exitCode} = await run(WorkflowSkipTask, ['wf-2', 'x'])
    expect(exitCode).toBe(5)
    expect(stdout).toBe('')
    expect(stderr).toContain("Error: task 'x' of wf-2 has already been scheduled or run")
  })
})

describe('task update-execution', () => {
  it('posts the output to /tasks/{wf}/{ref}/{status} with the worker id; prints the task id', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/tasks/wf-1/approval/COMPLETED', {body: 't-1'})
    const {stdout, exitCode} = await run(TaskUpdateExecution, [
      '--workflow-id',
      'wf-1',
      '--task-ref-name',
      'approval',
      '--status',
      'COMPLETED',
      '--output',
      '{"approved":true}',
      '--worker-id',
      'ops-1',
    ])
    expect(exitCode).toBe(0)
    expect(stdout).toBe('t-1\n')
    expect(fake.sent[0]).toMatchObject({query: {workerid: 'ops-1'}, body: {approved: true}})
  })

  it('no pending task: not found (4) saying why', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/tasks/wf-2/approval/FAILED', {})
    fake.on('GET', '/workflow/wf-2', {body: workflowDoc('wf-2', 'COMPLETED')})
    const {doc, exitCode} = await run(TaskUpdateExecution, [
      '--workflow-id',
      'wf-2',
      '--task-ref-name',
      'approval',
      '--status',
      'FAILED',
      '--json',
    ])
    expect(exitCode).toBe(4)
    expect((doc as Doc).error?.message).toContain('the workflow is COMPLETED and never reached')
  })

  it('usage errors: a missing flag, output that is not JSON or not an object; nothing sent', async () => {
    const fake = fakeConductor(server)
    const base = ['--workflow-id', 'w', '--task-ref-name', 'r', '--status', 'COMPLETED', '--json']
    const missing = await run(TaskUpdateExecution, ['--workflow-id', 'w', '--json'])
    expect((missing.doc as Doc).error?.message).toBe('--workflow-id, --task-ref-name, and --status are required')
    const bad = await run(TaskUpdateExecution, [...base, '--output', '{x'])
    expect((bad.doc as Doc).error?.message).toMatch(/^invalid output JSON: /)
    const list = await run(TaskUpdateExecution, [...base, '--output', '[1]'])
    expect((list.doc as Doc).error?.message).toBe('invalid output JSON: expected an object such as {"key":"value"}')
    for (const r of [missing, bad, list]) expect(r.exitCode).toBe(2)
    expect(fake.sent).toHaveLength(0)
  })
})

describe('task poll', () => {
  const polled = {
    ...taskDoc('charge', 'IN_PROGRESS', {taskId: 't-1', taskType: 'charge', inputData: {amount: 5}}),
    workflowInstanceId: 'wf-1',
    workflowType: 'orders',
  }

  it('one batch poll with count, worker id, domain and the timeout in ms; the tasks as JSON', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/tasks/poll/batch/charge', {body: [polled]})
    const {stdout, exitCode} = await run(TaskPoll, [
      'charge',
      '--count',
      '5',
      '--worker-id',
      'w-1',
      '--domain',
      'canary',
      '--timeout',
      '250',
    ])
    expect(exitCode).toBe(0)
    expect(fake.sent).toHaveLength(1)
    expect(fake.sent[0]?.query).toEqual({workerid: 'w-1', domain: 'canary', count: '5', timeout: '250'})
    const tasks = JSON.parse(stdout) as {taskId: string; inputData: unknown}[]
    expect(tasks.map((t) => [t.taskId, t.inputData])).toEqual([['t-1', {amount: 5}]])
  })

  it('nothing queued: "No tasks available" ([] under --json); a timeout above 5 s is capped at the server’s limit', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/tasks/poll/batch/charge', {body: []})
    expect((await run(TaskPoll, ['charge', '--timeout', '60000'])).stdout).toBe('No tasks available\n')
    expect((await run(TaskPoll, ['charge', '--json'])).doc).toEqual([])
    expect(fake.sent.map((r) => r.query.timeout)).toEqual(['5000', '100'])
  })

  it('an answer that is not a list of tasks is a server error (6)', async () => {
    fakeConductor(server).on('GET', '/tasks/poll/batch/charge', {body: {taskId: 't-1'}})
    const {doc, exitCode} = await run(TaskPoll, ['charge', '--json'])
    expect(exitCode).toBe(6)
    expect((doc as Doc).error?.message).toBe('GET /api/tasks/poll/batch/charge: expected a list of tasks')
  })
})
