import {describe, expect, it} from 'vitest'
import {summaryLines, taskRows} from '../../../src/lib/executions/format.js'
import type {Workflow} from '../../../src/lib/executions/types.js'

const wf: Workflow = {
  workflowId: 'w1',
  workflowName: 'order',
  workflowVersion: 2,
  status: 'FAILED',
  reasonForIncompletion: 'card declined',
  startTime: Date.UTC(2025, 0, 1, 10, 0, 0),
  endTime: Date.UTC(2025, 0, 1, 10, 0, 3),
  input: {orderId: 42},
  output: {},
  tasks: [
    {
      taskId: 't2',
      referenceTaskName: 'charge',
      taskType: 'HTTP',
      status: 'FAILED',
      seq: 2,
      retryCount: 1,
      startTime: 1000,
      endTime: 2500,
      reasonForIncompletion: '402',
    },
    {
      taskId: 't1',
      referenceTaskName: 'prepare',
      taskType: 'INLINE',
      status: 'COMPLETED',
      seq: 1,
      startTime: 1000,
      endTime: 1010,
    },
    {taskId: 't3', referenceTaskName: 'notify', taskType: 'SIMPLE', status: 'SCHEDULED', seq: 3},
  ],
}

describe('execution views', () => {
  it('lists tasks in order with attempt, duration and reason', () => {
    expect(taskRows(wf, 5000)).toEqual([
      {ref: 'prepare', type: 'INLINE', status: 'COMPLETED', attempt: 1, duration: '10ms', reason: '', taskId: 't1'},
      {ref: 'charge', type: 'HTTP', status: 'FAILED', attempt: 2, duration: '1.5s', reason: '402', taskId: 't2'},
      {ref: 'notify', type: 'SIMPLE', status: 'SCHEDULED', attempt: 1, duration: '', reason: '', taskId: 't3'},
    ])
  })

  it("marks a running task's duration as still growing", () => {
    expect(
      taskRows(
        {
          ...wf,
          tasks: [{taskId: 'x', referenceTaskName: 'r', taskType: 'WAIT', status: 'IN_PROGRESS', startTime: 1000}],
        },
        3000,
      )[0]?.duration,
    ).toBe('2.0s…')
  })

  it('summarises the execution', () => {
    const lines = summaryLines(wf)
    expect(lines).toContain('Workflow:    order v2')
    expect(lines).toContain('Status:      FAILED')
    expect(lines).toContain('Reason:      card declined')
    expect(lines).toContain('Started:     2025-01-01 10:00:00Z')
    expect(lines).toContain('Duration:    3.0s')
    expect(lines).toContain('Input:       {"orderId":42}')
  })
})
