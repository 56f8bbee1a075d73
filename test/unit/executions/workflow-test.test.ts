import {describe, expect, it} from 'vitest'
import {parseMocks, pathOf, taskRefs, toMocks, waitingForMocks} from '../../../src/lib/executions/workflow-test.js'
import type {Workflow} from '../../../src/lib/executions/types.js'

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
