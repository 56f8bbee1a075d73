import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import ExecutionRerun from '../../../src/commands/execution/rerun.js'
import ExecutionSkipTask from '../../../src/commands/execution/skip-task.js'
import ExecutionVariables from '../../../src/commands/execution/variables.js'
import TaskComplete from '../../../src/commands/task/complete.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {error, fakeConductor, taskDoc, workflowDoc} from './fake-conductor.js'

const server = mockServer()
const run = (command: unknown, argv: string[]) => runInProcess(command as CommandClass, argv, server)
type Doc = {result?: unknown; error?: {kind: string; exitCode: number; message: string; hint?: string}}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cov-exec-rerun-'))
})
afterAll(async () => rm(dir, {recursive: true, force: true}))

/** A FAILED order flow: lookup completed, charge failed twice (two attempts of the same ref). */
const failedOrder = (id: string) =>
  workflowDoc(id, 'FAILED', {
    input: {orderId: 42, debug: true, customer: {tier: 'gold'}},
    tasks: [
      taskDoc('lookup', 'COMPLETED', {seq: 1}),
      taskDoc('charge', 'FAILED', {seq: 2, taskId: 'charge-1', inputData: {amount: 10, currency: 'EUR'}}),
      taskDoc('charge', 'FAILED', {seq: 3, taskId: 'charge-2', inputData: {amount: 12, currency: 'EUR'}}),
    ],
  })

describe('execution rerun', () => {
  const rerunnable = (id: string) => {
    const fake = fakeConductor(server)
    fake.on('GET', `/workflow/${id}`, {body: failedOrder(id)})
    fake.on('POST', `/workflow/${id}/rerun`, {body: id})
    return fake
  }

  it('without --from-task: the whole workflow again, the request names only the workflow', async () => {
    const fake = rerunnable('wf-1')
    const {doc, exitCode} = await run(ExecutionRerun, ['wf-1', '-y', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toEqual([{id: 'wf-1', ok: true, message: 'rerunning from the start'}])
    expect(fake.requests('POST', '/workflow/wf-1/rerun')[0]?.body).toEqual({reRunFromWorkflowId: 'wf-1'})
  })

  it('--from-task REF takes its latest attempt; --task-input changes keys of that attempt’s input', async () => {
    const fake = rerunnable('wf-2')
    const {doc, exitCode} = await run(ExecutionRerun, [
      'wf-2',
      '--from-task',
      'charge',
      '--task-input',
      'amount=15',
      '--workflow-input',
      'customer.tier=silver',
      '--unset-workflow-input',
      'debug',
      '-y',
      '--json',
    ])
    expect(exitCode).toBe(0)
    expect(doc).toEqual([{id: 'wf-2', ok: true, message: 'rerunning from task charge (charge-2)'}])
    expect(fake.requests('POST', '/workflow/wf-2/rerun')[0]?.body).toEqual({
      reRunFromWorkflowId: 'wf-2',
      reRunFromTaskId: 'charge-2',
      taskInput: {amount: 15, currency: 'EUR'},
      workflowInput: {orderId: 42, customer: {tier: 'silver'}},
    })
  })

  it('--from-task by task id; --replace-input builds the inputs from the flags alone; input files replace', async () => {
    const file = join(dir, 'wf-input.yaml')
    await writeFile(file, 'orderId: 43\n')
    const fake = rerunnable('wf-3')
    const {exitCode} = await run(ExecutionRerun, [
      'wf-3',
      '--from-task',
      'charge-1',
      '--task-input',
      'amount=1',
      '--replace-input',
      '--workflow-input-file',
      file,
      '--workflow-input',
      'note=retry',
      '-y',
    ])
    expect(exitCode).toBe(0)
    expect(fake.requests('POST', '/workflow/wf-3/rerun')[0]?.body).toEqual({
      reRunFromWorkflowId: 'wf-3',
      reRunFromTaskId: 'charge-1',
      taskInput: {amount: 1},
      workflowInput: {orderId: 43, note: 'retry'},
    })
  })

  it('a task the execution does not have: not found (4), listing its refs; nothing rerun', async () => {
    const fake = rerunnable('wf-4')
    const {doc, exitCode} = await run(ExecutionRerun, ['wf-4', '--from-task', 'ship', '-y', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Doc).error).toMatchObject({
      kind: 'notFound',
      message: "no task 'ship' in execution wf-4",
      hint: 'Its tasks (by ref): lookup, charge.',
    })
    expect(fake.requests('POST', '/workflow/wf-4/rerun')).toHaveLength(0)
  })

  it('--task-input without --from-task is a usage error', async () => {
    const fake = rerunnable('wf-5')
    const {doc, exitCode} = await run(ExecutionRerun, ['wf-5', '--task-input', 'a=1', '-y', '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error?.message).toContain('need --from-task')
    expect(fake.requests('POST', '/workflow/wf-5/rerun')).toHaveLength(0)
  })

  it('--unset of a key the input does not have is a usage error naming its keys', async () => {
    rerunnable('wf-6')
    const {doc, exitCode} = await run(ExecutionRerun, [
      'wf-6',
      '--unset-workflow-input',
      'customer.nosuch',
      '-y',
      '--json',
    ])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error).toMatchObject({
      message: '--unset-workflow-input customer.nosuch: the input has no such key',
      hint: 'Its keys: orderId, debug, customer.',
    })
  })

  it('a malformed --workflow-input is refused before anything is read', async () => {
    const fake = rerunnable('wf-7')
    const {exitCode} = await run(ExecutionRerun, ['wf-7', '--workflow-input', 'oops', '-y'])
    expect(exitCode).toBe(2)
    expect(fake.sent).toHaveLength(0)
  })

  it('several ids: one line each; a running one is refused (the server’s 409), the exit is partial (9)', async () => {
    const fake = rerunnable('wf-8')
    fake.on('GET', '/workflow/wf-9', {body: workflowDoc('wf-9', 'RUNNING')})
    fake.on('POST', '/workflow/wf-9/rerun', error(409, 'Workflow wf-9 is still running. status=RUNNING'))
    fake.on('GET', '/workflow/wf-9/status', {body: {workflowId: 'wf-9', status: 'RUNNING'}})
    const {stdout, stderr, exitCode} = await run(ExecutionRerun, ['wf-8', 'wf-9', '--yes'])
    expect(exitCode).toBe(9)
    expect(stdout).toMatch(/wf-8\s+yes\s+rerunning from the start/)
    expect(stdout).toMatch(/wf-9\s+no\s+rerun only applies to workflows that have ended/)
    expect(stderr).toContain('Error: rerun: 1 of 2 failed')
  })

  it('needs --yes without a terminal', async () => {
    const fake = rerunnable('wf-10')
    const {doc, exitCode} = await run(ExecutionRerun, ['wf-10', '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error?.message).toContain('needs --yes')
    expect(fake.sent).toHaveLength(0)
  })
})

describe('execution skip-task', () => {
  it('PUT …/skiptask/{ref} with the input and output in the query string, no body', async () => {
    const fake = fakeConductor(server)
    fake.on('PUT', '/workflow/wf-1/skiptask/lookup', {})
    const {doc, exitCode} = await run(ExecutionSkipTask, [
      'wf-1',
      'lookup',
      '--task-output',
      'tier=gold',
      '--task-input',
      'reason=manual',
      '-y',
      '--json',
    ])
    expect(exitCode).toBe(0)
    expect(doc).toEqual([{id: 'wf-1', ok: true, message: 'task lookup skipped'}])
    expect(fake.sent).toEqual([
      {
        method: 'PUT',
        path: '/workflow/wf-1/skiptask/lookup',
        query: {'taskInput[reason]': 'manual', 'taskOutput[tier]': 'gold'},
        body: undefined,
      },
    ])
  })

  it('a task already scheduled: conflict (5) pointing at task complete', async () => {
    const fake = fakeConductor(server)
    fake.on(
      'PUT',
      '/workflow/wf-2/skiptask/charge',
      error(500, 'The task charge has already been processed, cannot be skipped'),
    )
    fake.on('GET', '/workflow/wf-2/status', {body: {workflowId: 'wf-2', status: 'RUNNING'}})
    const {stderr, exitCode} = await run(ExecutionSkipTask, ['wf-2', 'charge', '-y'])
    expect(exitCode).toBe(5)
    expect(stderr).toContain("Error: task 'charge' of wf-2 has already been scheduled or run")
    expect(stderr).toContain('conductor task complete wf-2 charge')
  })

  it('a ref the definition does not have: not found (4)', async () => {
    const fake = fakeConductor(server)
    fake.on(
      'PUT',
      '/workflow/wf-3/skiptask/nosuch',
      error(500, 'The task nosuch does not exist in the WorkflowDefinition orders'),
    )
    fake.on('GET', '/workflow/wf-3/status', {body: {workflowId: 'wf-3', status: 'RUNNING'}})
    const {doc, exitCode} = await run(ExecutionSkipTask, ['wf-3', 'nosuch', '-y', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Doc).error?.message).toBe("the definition of wf-3 has no task with reference 'nosuch'")
  })

  it('needs both ID and REF, and --yes', async () => {
    expect((await run(ExecutionSkipTask, ['wf-1', '--json'])).exitCode).toBe(2)
    const fake = fakeConductor(server)
    expect((await run(ExecutionSkipTask, ['wf-1', 'x', '--json'])).exitCode).toBe(2)
    expect(fake.sent).toHaveLength(0)
  })
})

describe('execution variables (Orkes only)', () => {
  it('POSTs the variables object and says what it set', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/workflow/wf-1/variables', {})
    const text = await run(ExecutionVariables, ['wf-1', 'retries=3', 'customer.tier=gold'])
    expect(text.exitCode).toBe(0)
    expect(text.stdout).toBe('Set retries, customer on wf-1\n')
    expect(fake.sent[0]?.body).toEqual({retries: 3, customer: {tier: 'gold'}})
    const json = await run(ExecutionVariables, ['wf-1', 'retries=3', '--json'])
    expect(json.doc).toEqual({workflowId: 'wf-1', variables: {retries: 3}})
  })

  it('Conductor OSS has no such endpoint: not found (4), saying so', async () => {
    fakeConductor(server).on(
      'POST',
      '/workflow/wf-1/variables',
      error(404, 'No static resource api/workflow/wf-1/variables.'),
    )
    const {doc, exitCode} = await run(ExecutionVariables, ['wf-1', 'a=1', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Doc).error?.kind).toBe('notFound')
  })

  it('no KEY=VALUE, or a malformed one: usage (2), nothing sent', async () => {
    const fake = fakeConductor(server)
    const none = await run(ExecutionVariables, ['wf-1', '--json'])
    expect(none.exitCode).toBe(2)
    expect((none.doc as Doc).error?.message).toBe('execution variables needs at least one KEY=VALUE')
    expect((await run(ExecutionVariables, ['wf-1', 'novalue', '--json'])).exitCode).toBe(2)
    expect(fake.sent).toHaveLength(0)
  })
})

describe('task complete', () => {
  it('WORKFLOW_ID REF: POST /tasks/{wf}/{ref}/COMPLETED with the output; the server answers the task id', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', /^\/tasks\/wf-1\/approval\/[A-Z_]+$/, {body: 'task-approval'})
    const text = await run(TaskComplete, [
      'wf-1',
      'approval',
      '--output-data',
      'approved=true',
      '--output-data',
      'by=ada',
    ])
    expect(text.exitCode).toBe(0)
    expect(text.stdout).toBe('COMPLETED task approval (task-approval) of wf-1\n')
    expect(fake.sent[0]?.body).toEqual({approved: true, by: 'ada'})
    const json = await run(TaskComplete, ['wf-1', 'approval', '--status', 'FAILED_WITH_TERMINAL_ERROR', '--json'])
    expect(json.doc).toEqual({
      workflowId: 'wf-1',
      ref: 'approval',
      taskId: 'task-approval',
      status: 'FAILED_WITH_TERMINAL_ERROR',
    })
    expect(fake.requests('POST', '/tasks/wf-1/approval/FAILED_WITH_TERMINAL_ERROR')).toHaveLength(1)
  })

  it('no pending task with that ref (the server’s empty 200): not found (4), saying why', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/tasks/wf-2/approval/COMPLETED', {})
    fake.on('GET', '/workflow/wf-2', {
      body: workflowDoc('wf-2', 'RUNNING', {tasks: [taskDoc('approval', 'COMPLETED'), taskDoc('ship', 'SCHEDULED')]}),
    })
    const {doc, exitCode} = await run(TaskComplete, ['wf-2', 'approval', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Doc).error).toMatchObject({
      kind: 'notFound',
      message: "no pending task 'approval' in wf-2: task 'approval' is already COMPLETED",
      hint: 'Pending tasks now: ship.',
    })
  })

  it('a ref never reached in an ended workflow says so', async () => {
    const fake = fakeConductor(server)
    fake.on('POST', '/tasks/wf-3/approval/COMPLETED', {})
    fake.on('GET', '/workflow/wf-3', {body: workflowDoc('wf-3', 'TERMINATED')})
    const {doc} = await run(TaskComplete, ['wf-3', 'approval', '--json'])
    expect((doc as Doc).error?.message).toBe(
      "no pending task 'approval' in wf-3: the workflow is TERMINATED and never reached a task 'approval'",
    )
  })

  it('a task id alone: GET /tasks/{id}, then POST /tasks with a TaskResult (reason and log lines)', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/tasks/t-1', {
      body: {...taskDoc('charge', 'IN_PROGRESS', {taskId: 't-1'}), workflowInstanceId: 'wf-4'},
    })
    fake.on('POST', '/tasks', {body: 't-1'})
    const {doc, exitCode} = await run(TaskComplete, [
      't-1',
      '--status',
      'FAILED',
      '--reason',
      'card declined',
      '--log',
      'checked by ops',
      '--output-data',
      'code=51',
      '--json',
    ])
    expect(exitCode).toBe(0)
    expect(doc).toEqual({workflowId: 'wf-4', ref: 'charge', taskId: 't-1', status: 'FAILED'})
    const body = fake.requests('POST', '/tasks')[0]?.body as Record<string, unknown>
    expect(body).toMatchObject({
      workflowInstanceId: 'wf-4',
      taskId: 't-1',
      status: 'FAILED',
      outputData: {code: 51},
      reasonForIncompletion: 'card declined',
      logs: [{log: 'checked by ops', taskId: 't-1', createdTime: expect.any(Number)}],
    })
  })

  it('a task that has ended is refused (conflict, 5) and nothing is posted', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/tasks/t-2', {
      body: {...taskDoc('charge', 'COMPLETED', {taskId: 't-2'}), workflowInstanceId: 'wf-5'},
    })
    fake.on('POST', '/tasks', {body: 't-2'})
    const {doc, exitCode} = await run(TaskComplete, ['t-2', '--json'])
    expect(exitCode).toBe(5)
    expect((doc as Doc).error?.message).toBe('task charge (t-2) has already ended: COMPLETED')
    expect(fake.requests('POST', '/tasks')).toHaveLength(0)
  })

  it('an answer to GET /tasks/{id} that is not a task is a server error (6), nothing posted', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/tasks/t-odd', {body: {taskId: 't-odd'}})
    fake.on('POST', '/tasks', {body: 'x'})
    const {doc, exitCode} = await run(TaskComplete, ['t-odd', '--json'])
    expect(exitCode).toBe(6)
    expect((doc as Doc).error?.message).toBe('GET /api/tasks/t-odd: the answer is not a task')
    expect(fake.requests('POST', '/tasks')).toHaveLength(0)
  })

  it('an unknown task id: not found (4) with where ids are', async () => {
    fakeConductor(server).on('GET', '/tasks/nosuch', error(404, 'Task not found for taskId: nosuch'))
    const {doc, exitCode} = await run(TaskComplete, ['nosuch', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Doc).error).toMatchObject({
      message: 'no task with id nosuch',
      hint: expect.stringContaining('tasks[].taskId'),
    })
  })

  it('REF with --reason: the pending task is found in the execution, then completed by id', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/workflow/wf-6', {
      body: workflowDoc('wf-6', 'RUNNING', {tasks: [taskDoc('approval', 'IN_PROGRESS', {taskId: 't-6'})]}),
    })
    fake.on('GET', '/tasks/t-6', {
      body: {...taskDoc('approval', 'IN_PROGRESS', {taskId: 't-6'}), workflowInstanceId: 'wf-6'},
    })
    fake.on('POST', '/tasks', {body: 't-6'})
    const {doc, exitCode} = await run(TaskComplete, ['wf-6', 'approval', '--reason', 'ok by ops', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toEqual({workflowId: 'wf-6', ref: 'approval', taskId: 't-6', status: 'COMPLETED'})
    expect((fake.requests('POST', '/tasks')[0]?.body as {reasonForIncompletion: string}).reasonForIncompletion).toBe(
      'ok by ops',
    )
  })

  it('REF with --log when no such task is pending: not found (4), nothing posted', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/workflow/wf-7', {body: workflowDoc('wf-7', 'RUNNING', {tasks: [taskDoc('ship', 'SCHEDULED')]})})
    fake.on('POST', '/tasks', {body: 'x'})
    const {doc, exitCode} = await run(TaskComplete, ['wf-7', 'approval', '--log', 'x', '--json'])
    expect(exitCode).toBe(4)
    expect((doc as Doc).error?.message).toContain("no task 'approval' has been scheduled")
    expect(fake.requests('POST', '/tasks')).toHaveLength(0)
  })

  it('--status outside the list is a usage error (2); IN_PROGRESS is not offered', async () => {
    const fake = fakeConductor(server)
    expect((await run(TaskComplete, ['wf-1', 'a', '--status', 'IN_PROGRESS', '--json'])).exitCode).toBe(2)
    expect(fake.sent).toHaveLength(0)
  })
})
