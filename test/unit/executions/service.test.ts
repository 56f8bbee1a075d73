import {describe, expect, it} from 'vitest'
import {applyToEach, exitCodeOf, summaryError, workflowIds} from '../../../src/lib/executions/control.js'
import {changedInput, rerunExecution} from '../../../src/lib/executions/rerun.js'
import {
  completeTaskByRef,
  findTask,
  remove,
  retry,
  skipTask,
  startWorkflow,
} from '../../../src/lib/executions/service.js'
import {setVariables} from '../../../src/lib/executions/variables.js'
import type {Workflow} from '../../../src/lib/executions/types.js'
import {mockServer} from '../../helpers/mock-server.js'

const mock = mockServer()
const client = mock.client
const pool = mock.pool

describe('service calls', () => {
  it('starts with POST /api/workflow and the name in the body (works for shadowed names)', async () => {
    let sent: unknown
    pool()
      .intercept({path: '/api/workflow', method: 'POST', body: (b) => ((sent = JSON.parse(b)), true)})
      .reply(200, 'abc-123\n', {headers: {'content-type': 'text/plain'}})
    expect(await startWorkflow(client(), {name: 'test', version: 2, priority: 5, input: {a: 1}})).toBe('abc-123')
    expect(sent).toEqual({name: 'test', version: 2, priority: 5, input: {a: 1}})
  })

  it('names a missing definition', async () => {
    pool()
      .intercept({path: '/api/workflow', method: 'POST'})
      .reply(404, {status: 404, message: 'No such workflow defined. name=nope, version=null'})
    await expect(startWorkflow(client(), {name: 'nope', input: {}})).rejects.toMatchObject({
      kind: 'notFound',
      message: 'no workflow definition nope on the server',
    })
  })

  it('is not repeated when the server fails (a start or a change is sent once)', async () => {
    pool()
      .intercept({path: '/api/workflow/w1/retry?resumeSubworkflowTasks=true', method: 'POST'})
      .reply(503, {message: 'busy'})
    await expect(retry(client(), 'w1', {resumeSubworkflowTasks: true})).rejects.toMatchObject({status: 503})
  })

  it('sends skiptask without a body and delete with archiveWorkflow spelled out', async () => {
    pool()
      .intercept({path: '/api/workflow/w1/skiptask/send%20mail', method: 'PUT', body: (b) => !b})
      .reply(200, '')
    pool().intercept({path: '/api/workflow/w1/remove?archiveWorkflow=false', method: 'DELETE'}).reply(200, '')
    await skipTask(client(), 'w1', 'send mail')
    await remove(client(), 'w1', false)
  })

  it('completeTaskByRef: the task id, or undefined on the empty 200', async () => {
    pool()
      .intercept({path: '/api/tasks/w1/wait1/COMPLETED', method: 'POST', body: (b) => JSON.parse(b).ok === true})
      .reply(200, 't-9')
    pool().intercept({path: '/api/tasks/w1/nope/COMPLETED', method: 'POST'}).reply(200, '')
    expect(await completeTaskByRef(client(), 'w1', 'wait1', 'COMPLETED', {ok: true})).toBe('t-9')
    expect(await completeTaskByRef(client(), 'w1', 'nope', 'COMPLETED', {})).toBeUndefined()
  })

  it('variables on OSS: says the server has no such API', async () => {
    pool()
      .intercept({path: '/api/workflow/w1/variables', method: 'POST'})
      .reply(404, {status: 404, message: 'No static resource api/workflow/w1/variables.'})
    await expect(setVariables(client(), 'w1', {a: 1})).rejects.toMatchObject({
      kind: 'notFound',
      message: 'this server (Conductor OSS) has no workflow-variables API',
    })
  })

  it('variables: a vague 404 is settled by probing /api/token', async () => {
    pool().intercept({path: '/api/workflow/w1/variables', method: 'POST'}).reply(404, {})
    pool().intercept({path: '/api/token', method: 'POST'}).reply(400, {message: 'bad credentials'})
    await expect(setVariables(client(), 'w1', {a: 1})).rejects.toMatchObject({kind: 'notFound', status: 404})
  })
})

describe('rerun', () => {
  const wf: Workflow = {
    workflowId: 'w1',
    status: 'FAILED',
    input: {x: 1, keep: true},
    tasks: [
      {
        taskId: 'a1',
        referenceTaskName: 'calc',
        taskType: 'INLINE',
        status: 'FAILED',
        seq: 1,
        inputData: {expression: '$.v', v: 1},
      },
      {
        taskId: 'a2',
        referenceTaskName: 'calc',
        taskType: 'INLINE',
        status: 'FAILED',
        seq: 2,
        inputData: {expression: '$.v', v: 1},
      },
    ],
  }

  it('finds a task by id or by ref (its latest attempt)', () => {
    expect(findTask(wf, 'a1')?.taskId).toBe('a1')
    expect(findTask(wf, 'calc')?.taskId).toBe('a2')
    expect(findTask(wf, 'zz')).toBeUndefined()
  })

  it('resolves the ref and applies the changes over the current inputs', async () => {
    let sent: unknown
    pool().intercept({path: '/api/workflow/w1?includeTasks=true', method: 'GET'}).reply(200, wf)
    pool()
      .intercept({path: '/api/workflow/w1/rerun', method: 'POST', body: (b) => ((sent = JSON.parse(b)), true)})
      .reply(200, 'w1')
    const message = await rerunExecution(client(), 'w1', {
      fromTask: 'calc',
      taskInput: {set: ['v=5']},
      workflowInput: {set: ['x=2']},
    })
    expect(message).toBe('rerunning from task calc (a2)')
    expect(sent).toEqual({
      reRunFromWorkflowId: 'w1',
      reRunFromTaskId: 'a2',
      taskInput: {expression: '$.v', v: 5},
      workflowInput: {x: 2, keep: true},
    })
  })

  it('an unknown ref fails before anything is sent, listing the refs', async () => {
    pool().intercept({path: '/api/workflow/w1?includeTasks=true', method: 'GET'}).reply(200, wf)
    await expect(
      rerunExecution(client(), 'w1', {fromTask: 'nope', taskInput: {set: []}, workflowInput: {set: []}}),
    ).rejects.toMatchObject({kind: 'notFound', hint: 'Its tasks (by ref): calc.'})
  })
})

describe('rerun input that replaces instead of merging (issue 13 item 4)', () => {
  it('replaces from a file or from nothing, and removes keys (nested ones too); an absent key is an error', async () => {
    const current = {keep: true, debug: {level: 2, on: true}, x: 1}
    expect(await changedInput(current, {set: ['y=2'], replace: true}, 'workflow-input')).toEqual({y: 2})
    expect(await changedInput(current, {set: ['y=2'], replaceWith: {z: 3}}, 'workflow-input')).toEqual({z: 3, y: 2})
    expect(await changedInput(current, {set: [], unset: ['x', 'debug.on']}, 'workflow-input')).toEqual({
      keep: true,
      debug: {level: 2},
    })
    expect(current).toEqual({keep: true, debug: {level: 2, on: true}, x: 1})
    await expect(changedInput(current, {set: [], unset: ['nope']}, 'workflow-input')).rejects.toMatchObject({
      kind: 'usage',
      message: '--unset-workflow-input nope: the input has no such key',
    })
  })
})

describe('applyToEach and the summary', () => {
  it('acts on every id, explains a refusal from the current status, and keeps the order', async () => {
    pool().intercept({path: '/api/workflow/a/retry?resumeSubworkflowTasks=false', method: 'POST'}).reply(204, '')
    pool()
      .intercept({path: '/api/workflow/b/retry?resumeSubworkflowTasks=false', method: 'POST'})
      .reply(404, {status: 404, message: 'Workflow is still running.  status=RUNNING'})
    pool().intercept({path: '/api/workflow/b/status', method: 'GET'}).reply(200, {workflowId: 'b', status: 'RUNNING'})
    pool()
      .intercept({path: '/api/workflow/c/retry?resumeSubworkflowTasks=false', method: 'POST'})
      .reply(404, {status: 404, message: 'No such workflow found by id: c'})
    const c = client()
    const results = await applyToEach(c, 'retry', ['a', 'b', 'c'], async (id) => {
      await retry(c, id)
      return 'retrying'
    })
    expect(results.map((r) => [r.id, r.ok, r.kind])).toEqual([
      ['a', true, undefined],
      ['b', false, 'conflict'],
      ['c', false, 'notFound'],
    ])
    expect(results[1]?.message).toBe(
      'retry only applies to FAILED, TIMED_OUT or TERMINATED workflows; this one is RUNNING',
    )
    const error = summaryError('retry', results)
    expect(error).toMatchObject({kind: 'partial', message: 'retry: 2 of 3 failed'})
    expect(error?.result).toEqual(results)
    expect(exitCodeOf(results)).toBe(9)
  })

  it("uses the failures' kind when every id failed alike, partial (9) when some succeeded, and the single failure's words for one id", () => {
    const one = [
      {id: 'x', ok: false, message: 'no execution with id x', kind: 'notFound' as const, hint: 'Check the id'},
    ]
    expect(summaryError('pause', one)).toMatchObject({
      kind: 'notFound',
      message: 'no execution with id x',
      hint: 'Check the id',
    })
    expect(exitCodeOf([{id: 'a', ok: true, message: 'ok'}, ...one])).toBe(9)
    expect(exitCodeOf([...one, {...one[0]!, id: 'y'}])).toBe(4)
    expect(summaryError('pause', [{id: 'a', ok: true, message: 'paused'}])).toBeUndefined()
  })

  it('workflowIds refuses flag-like leftovers and removes duplicates', () => {
    expect(workflowIds(['a', 'b', 'a'])).toEqual(['a', 'b'])
    expect(() => workflowIds(['a', '--bogus'])).toThrow(
      expect.objectContaining({kind: 'usage', message: 'Unknown flag --bogus'}),
    )
    expect(() => workflowIds([])).toThrow(expect.objectContaining({kind: 'usage'}))
  })
})
