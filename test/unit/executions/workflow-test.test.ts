import {errors} from 'undici'
import {describe, expect, it} from 'vitest'
import {
  mockTree,
  parseMocks,
  pathOf,
  planSubWorkflows,
  startTest,
  taskRefs,
  testRequestBody,
  toMocks,
  waitingForMocks,
} from '../../../src/lib/executions/workflow-test.js'
import type {Workflow} from '../../../src/lib/executions/types.js'
import {mockServer} from '../../helpers/mock-server.js'

describe('mocks', () => {
  it('REF=JSON: an envelope, a bare output, or a list; repeated refs queue up; REF=@file reads a file', async () => {
    const files: Record<string, string> = {'m.json': '{"status": "FAILED", "output": {"e": 1}}'}
    const mocks = await parseMocks(
      [
        'a={"x": 1}',
        'b={"status": "FAILED_WITH_TERMINAL_ERROR"}',
        'a=[{"output": {"y": 2}}, {"status": "COMPLETED", "output": {}, "executionTime": 5}]',
        'c=@m.json',
      ],
      async (f) => {
        const content = files[f]
        if (content === undefined) throw Object.assign(new Error('nope'), {code: 'ENOENT'})
        return content
      },
    )
    expect(mocks).toEqual({
      a: [
        {status: 'COMPLETED', output: {x: 1}},
        {status: 'COMPLETED', output: {y: 2}},
        {status: 'COMPLETED', output: {}, executionTime: 5},
      ],
      b: [{status: 'FAILED_WITH_TERMINAL_ERROR', output: {}}],
      c: [{status: 'FAILED', output: {e: 1}}],
    })
  })

  it('refuses what is not a mock', async () => {
    await expect(parseMocks(['a'])).rejects.toMatchObject({kind: 'usage'})
    await expect(parseMocks(['a='])).rejects.toMatchObject({kind: 'usage', message: '--mock a: no value'})
    await expect(parseMocks(['a={x}'])).rejects.toMatchObject({kind: 'usage', message: "--mock a: '{x}' is not JSON"})
    expect(() => toMocks(3, 'm')).toThrow('m: expected an object')
    expect(() => toMocks({status: 'DONE'}, 'm')).toThrow('m: status "DONE" is not one of')
    expect(() => toMocks({output: []}, 'm')).toThrow('"output" must be an object')
    expect(() => toMocks([], 'm')).toThrow('an empty list')
  })
})

describe("mocks in Conductor's names (issue 14 item 9)", () => {
  it('a mock with a task status is a result, never the output: {"status":"FAILED","reasonForIncompletion":"boom"} fails the task', () => {
    expect(toMocks({status: 'FAILED', reasonForIncompletion: 'boom'}, 'm')).toEqual([
      {status: 'FAILED', output: {}, reason: 'boom'},
    ])
    expect(toMocks({status: 'COMPLETED', outputData: {a: 1}}, 'm')).toEqual([{status: 'COMPLETED', output: {a: 1}}])
    expect(toMocks({outputData: {a: 1}}, 'm')).toEqual([{status: 'COMPLETED', output: {a: 1}}])
    expect(toMocks({status: 'shipped', id: 3}, 'm')).toEqual([
      {status: 'COMPLETED', output: {status: 'shipped', id: 3}},
    ])
  })

  it('refuses a result mixed with output keys, a status that cannot be mocked, and logs', () => {
    expect(() => toMocks({status: 'FAILED', code: 7}, 'm')).toThrow('a result does not have: code')
    expect(() => toMocks({status: 'TIMED_OUT'}, 'm')).toThrow('status TIMED_OUT cannot be mocked')
    expect(() => toMocks({status: 'COMPLETED', logs: ['x']}, 'm')).toThrow('"logs" cannot be mocked')
    expect(() => toMocks({status: 'COMPLETED', output: {}, outputData: {}}, 'm')).toThrow(
      'both "output" and "outputData"',
    )
  })

  it('never sends the reason (the server has no field for it)', () => {
    const body = testRequestBody({
      def: {name: 'w', tasks: []},
      input: {},
      mocks: {a: [{status: 'FAILED', output: {}, reason: 'boom'}]},
      correlationId: 'c',
    })
    expect(body.taskRefToMockOutput).toEqual({a: [{status: 'FAILED', output: {}}]})
  })
})

describe('sub-workflow mocks (issue 13 item 4, issue 14 item 8)', () => {
  const sub = {
    name: 'payment',
    tasks: [
      {name: 'charge', taskReferenceName: 'charge', type: 'SIMPLE'},
      {name: 'note', taskReferenceName: 'note', type: 'SET_VARIABLE'},
      {name: 'inner', taskReferenceName: 'inner', type: 'SUB_WORKFLOW', subWorkflowParam: {name: 'receipt'}},
    ],
  }
  const receipt = {name: 'receipt', tasks: [{name: 'print', taskReferenceName: 'print', type: 'SIMPLE'}]}
  const parent = {
    name: 'order',
    tasks: [
      {name: 'a', taskReferenceName: 'a', type: 'SIMPLE'},
      {name: 'pay', taskReferenceName: 'pay', type: 'SUB_WORKFLOW', subWorkflowParam: {name: 'payment', version: 2}},
    ],
  }
  const read = async (task: {name?: string | undefined}) =>
    task.name === 'payment' ? sub : task.name === 'receipt' ? receipt : undefined

  it('--mock SUB/REF goes to subWorkflowTestRequest, nested as deep as the path', async () => {
    const mocks = await parseMocks(['a={"x":1}', 'pay/charge={"ok":true}', 'pay/inner/print={"status":"FAILED"}'])
    expect(mockTree(mocks).sub.pay?.mocks).toEqual({charge: [{status: 'COMPLETED', output: {ok: true}}]})
    const body = testRequestBody({
      def: parent,
      input: {},
      mocks,
      correlationId: 'c',
      subNames: {pay: 'payment', 'pay/inner': 'receipt'},
    })
    expect(body).toMatchObject({
      correlationId: 'c',
      taskRefToMockOutput: {a: [{status: 'COMPLETED', output: {x: 1}}]},
      subWorkflowTestRequest: {
        pay: {
          name: 'payment',
          taskRefToMockOutput: {charge: [{status: 'COMPLETED', output: {ok: true}}]},
          subWorkflowTestRequest: {
            inner: {name: 'receipt', taskRefToMockOutput: {print: [{status: 'FAILED', output: {}}]}},
          },
        },
      },
    })
  })

  it('finds the tasks inside sub-workflows that nothing would finish (the cause of the hang)', async () => {
    const none = await planSubWorkflows(parent, mockTree({}), read)
    expect(none.unmocked).toEqual(['pay/charge', 'pay/inner/print'])
    expect(none.names).toEqual({pay: 'payment', 'pay/inner': 'receipt'})
    const all = await planSubWorkflows(
      parent,
      mockTree(await parseMocks(['pay/charge={}', 'pay/inner/print={}'])),
      read,
    )
    expect(all.unmocked).toEqual([])
    const dynamic = await planSubWorkflows(
      {tasks: [{taskReferenceName: 'd', type: 'SUB_WORKFLOW', subWorkflowParam: {name: '${workflow.input.w}'}}]},
      mockTree({}),
      async () => undefined,
    )
    expect(dynamic.unknown).toEqual(['d'])
  })
})

describe('definitions and results', () => {
  it('finds refs in SWITCH cases, FORK branches and DO_WHILE bodies', () => {
    const def = {
      tasks: [
        {taskReferenceName: 'a'},
        {
          taskReferenceName: 's',
          decisionCases: {x: [{taskReferenceName: 'b'}]},
          defaultCase: [{taskReferenceName: 'c'}],
        },
        {
          taskReferenceName: 'f',
          forkTasks: [[{taskReferenceName: 'd'}], [{taskReferenceName: 'e', loopOver: [{taskReferenceName: 'g'}]}]],
        },
      ],
    }
    expect([...taskRefs(def)].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 's'])
  })

  it('the path in order, with SIMPLE as the type, and the tasks waiting for a mock', () => {
    const wf: Workflow = {
      workflowId: 'w',
      status: 'RUNNING',
      tasks: [
        {taskId: '2', seq: 2, referenceTaskName: 'route', taskType: 'SWITCH', status: 'COMPLETED'},
        {
          taskId: '1',
          seq: 1,
          referenceTaskName: 'check',
          taskType: 'check_def',
          status: 'COMPLETED',
          workflowTask: {type: 'SIMPLE'},
        },
        {
          taskId: '3',
          seq: 3,
          referenceTaskName: 'ship',
          taskType: 'ship_def',
          status: 'SCHEDULED',
          workflowTask: {type: 'SIMPLE'},
        },
      ],
    }
    expect(pathOf(wf, {check: []})).toEqual([
      {seq: 1, ref: 'check', type: 'SIMPLE', status: 'COMPLETED', mocked: true},
      {seq: 2, ref: 'route', type: 'SWITCH', status: 'COMPLETED', mocked: false},
      {seq: 3, ref: 'ship', type: 'SIMPLE', status: 'SCHEDULED', mocked: false},
    ])
    expect(waitingForMocks(wf)).toEqual(['ship'])
    expect(waitingForMocks({...wf, status: 'COMPLETED'})).toEqual([])
  })
})

describe('a test request that does not answer (issue 14 item 8)', () => {
  const mock = mockServer()

  it('finds what it left by its correlation id, terminates and removes it (sub-workflows too), and says why', async () => {
    const sent: string[] = []
    const record = (method: string) => (opts: {path: string}) => {
      sent.push(`${method} ${opts.path.split('?')[0] ?? ''}`)
      return true
    }
    mock.pool().intercept({path: '/api/workflow/test', method: 'POST'}).replyWithError(new errors.HeadersTimeoutError())
    mock
      .pool()
      .intercept({
        path: (p) => p.startsWith('/api/workflow/search') && p.includes('conductor-cli-test-c1'),
        method: 'GET',
      })
      .reply(200, {results: [{workflowId: 'child', parentWorkflowId: 'parent'}, {workflowId: 'parent'}]})
    const running = (id: string, tasks: unknown[] = []) => ({workflowId: id, status: 'RUNNING', tasks})
    const parentDoc = running('parent', [
      {taskId: 't', referenceTaskName: 'pay', taskType: 'SUB_WORKFLOW', status: 'IN_PROGRESS', subWorkflowId: 'child'},
    ])
    for (let i = 0; i < 4; i++) {
      mock.pool().intercept({path: '/api/workflow/parent?includeTasks=true', method: 'GET'}).reply(200, parentDoc)
      mock.pool().intercept({path: '/api/workflow/child?includeTasks=true', method: 'GET'}).reply(200, running('child'))
    }
    mock
      .pool()
      .intercept({path: (p) => p.startsWith('/api/workflow/parent') && !p.includes('include'), method: 'DELETE'})
      .reply((opts) => (record('DELETE')(opts), {statusCode: 200, data: ''}))
      .persist()
    mock
      .pool()
      .intercept({path: (p) => p.startsWith('/api/workflow/child') && !p.includes('include'), method: 'DELETE'})
      .reply((opts) => (record('DELETE')(opts), {statusCode: 200, data: ''}))
      .persist()
    let cleaned = 0
    const error = await startTest(
      mock.client(),
      {def: {name: 'w', tasks: []}, input: {}, mocks: {}, correlationId: 'conductor-cli-test-c1', subNames: {}},
      (n) => (cleaned = n),
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({
      kind: 'network',
      message: expect.stringContaining('POST /api/workflow/test did not answer'),
    })
    expect(cleaned).toBe(2)
    // the parent is terminated first, then the tree is removed from the leaves up
    expect(sent[0]).toBe('DELETE /api/workflow/parent')
    expect(sent).toContain('DELETE /api/workflow/child/remove')
    expect(sent).toContain('DELETE /api/workflow/parent/remove')
  })
})
