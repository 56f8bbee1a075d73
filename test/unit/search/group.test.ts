import {describe, expect, it} from 'vitest'
import {
  Grouper,
  groupKeys,
  nextCommand,
  normaliseReason,
  reasonFragment,
  withNextCommands,
  shellQuote,
  NO_REASON,
  NO_TASK,
} from '../../../src/lib/search/group.js'
import type {WorkflowSummary} from '../../../src/lib/search/types.js'

const wf = (id: string, extra: Partial<WorkflowSummary> = {}): WorkflowSummary => ({
  workflowId: id,
  workflowType: 'orders',
  status: 'FAILED',
  startTime: '2026-11-27T10:00:00.000Z',
  ...extra,
})

describe('normaliseReason', () => {
  it('strips ids, times and numbers so similar reasons group', () => {
    const a = normaliseReason('Task 3f1c2d4e-1111-2222-3333-444455556666 timed out after 30 seconds (attempt 2)')
    const b = normaliseReason('Task 9a9a9a9a-aaaa-bbbb-cccc-ddddeeeeffff timed out after 45 seconds (attempt 3)')
    expect(a).toBe('Task <id> timed out after <n> seconds (attempt <n>)')
    expect(b).toBe(a)
  })
  it('handles timestamps, hex ids, whitespace and length', () => {
    expect(normaliseReason('at 2026-11-27T10:00:00.123Z  failed\n on  host 10.0.0.1')).toBe(
      'at <time> failed on host <n>.<n>',
    )
    expect(normaliseReason('trace 5f2b9c0a1d3e4f5a6b7c8d9e failed')).toBe('trace <id> failed')
    expect(normaliseReason('x'.repeat(500))).toHaveLength(120)
    expect(normaliseReason('x'.repeat(500)).endsWith('…')).toBe(true)
    expect(normaliseReason('')).toBe(NO_REASON)
    expect(normaliseReason(undefined)).toBe(NO_REASON)
    expect(normaliseReason('  Connection refused ')).toBe('Connection refused')
  })
})

describe('groupKeys', () => {
  it('reads failed task refs (CSV), then failedTaskNames, for workflow search', () => {
    expect(groupKeys('task', 'workflow', wf('1', {failedReferenceTaskNames: 'charge, ship,charge'}))).toEqual([
      'charge',
      'ship',
    ])
    expect(
      groupKeys('task', 'workflow', wf('1', {failedReferenceTaskNames: '', failedTaskNames: ['charge_card']})),
    ).toEqual(['charge_card'])
    expect(groupKeys('task', 'workflow', wf('1', {failedReferenceTaskNames: '', failedTaskNames: []}))).toEqual([
      NO_TASK,
    ])
  })
  it('uses the task definition for task search', () => {
    expect(groupKeys('task', 'task', {taskId: 't', taskDefName: 'charge', taskType: 'SIMPLE'})).toEqual(['charge'])
  })
  it('groups by workflow and status', () => {
    expect(groupKeys('workflow', 'workflow', wf('1'))).toEqual(['orders'])
    expect(groupKeys('status', 'workflow', wf('1', {status: 'TIMED_OUT'}))).toEqual(['TIMED_OUT'])
  })
})

describe('Grouper', () => {
  it('counts, orders by count then name, keeps the first id read as sample and the start range', () => {
    const g = new Grouper('reason', 'workflow')
    g.add(wf('a', {reasonForIncompletion: 'HTTP 500 from x', startTime: '2026-11-27T10:00:00.000Z'}))
    g.add(wf('b', {reasonForIncompletion: 'HTTP 502 from x', startTime: '2026-11-27T09:00:00.000Z'}))
    g.add(wf('c', {reasonForIncompletion: 'boom'}))
    g.add(wf('d', {reasonForIncompletion: 'HTTP 503 from x', startTime: '2026-11-27T11:00:00.000Z'}))
    g.add(wf('e', {reasonForIncompletion: 'abc'}))
    expect(g.total).toBe(5)
    expect(g.groups()).toEqual([
      {
        key: 'HTTP <n> from x',
        count: 3,
        sample: 'a',
        firstStart: '2026-11-27T09:00:00.000Z',
        lastStart: '2026-11-27T11:00:00.000Z',
      },
      {
        key: 'abc',
        count: 1,
        sample: 'e',
        firstStart: '2026-11-27T10:00:00.000Z',
        lastStart: '2026-11-27T10:00:00.000Z',
      },
      {
        key: 'boom',
        count: 1,
        sample: 'c',
        firstStart: '2026-11-27T10:00:00.000Z',
        lastStart: '2026-11-27T10:00:00.000Z',
      },
    ])
  })

  it('bounds memory: past maxGroups, new keys go to one overflow group', () => {
    const g = new Grouper('workflow', 'workflow', 2)
    for (const name of ['a', 'b', 'c', 'd', 'a']) g.add(wf(name, {workflowType: name}))
    expect(g.groups().map((x) => [x.key, x.count])).toEqual([
      ['(other groups)', 2],
      ['a', 2],
      ['b', 1],
    ])
  })
})

describe('nextCommand', () => {
  it('narrows exactly by workflow or status, piping into retry for failures', () => {
    expect(
      nextCommand('status in (FAILED, TIMED_OUT) and since 48h', 'workflow', 'orders', {kind: 'workflow', retry: true}),
    ).toBe(
      "conductor search 'status in (FAILED, TIMED_OUT) and since 48h and workflow=orders' --all --ids | conductor retry - --yes",
    )
    expect(nextCommand('since 1h', 'status', 'RUNNING', {kind: 'workflow', retry: false})).toBe(
      "conductor search 'since 1h and status=RUNNING'",
    )
    expect(nextCommand('', 'workflow', 'my flow', {kind: 'workflow', retry: false})).toBe(
      `conductor search 'workflow="my flow"'`,
    )
  })
  it('approaches reasons and failed tasks with --text', () => {
    expect(
      nextCommand('status=FAILED', 'reason', 'HTTP <n> from payments-service', {kind: 'workflow', retry: true}),
    ).toBe("conductor search status=FAILED --text 'from payments-service' --all --ids | conductor retry - --yes")
    expect(nextCommand('status=FAILED', 'reason', 'boom <n>', {kind: 'workflow', retry: true})).toBeUndefined()
    expect(nextCommand('status=FAILED', 'task', 'charge_card', {kind: 'workflow', retry: false})).toBe(
      'conductor search status=FAILED --text charge_card',
    )
    expect(nextCommand('status=FAILED', 'task', NO_TASK, {kind: 'workflow', retry: false})).toBeUndefined()
    expect(nextCommand('status=FAILED', 'task', 'charge', {kind: 'task', retry: true})).toBe(
      "conductor search 'status=FAILED and task=charge' --tasks",
    )
  })
  it('picks a literal fragment of a reason and quotes for the shell', () => {
    expect(reasonFragment('Task <id> timed out after <n> seconds')).toBe('timed out after')
    expect(reasonFragment('x <n>')).toBeUndefined()
    expect(shellQuote("it's")).toBe(`'it'\\''s'`)
    expect(shellQuote('plain-word')).toBe('plain-word')
  })
})

describe('onlyStatuses', () => {
  it('tells whether the compiled query keeps to retryable statuses', async () => {
    const {onlyStatuses, RETRYABLE} = await import('../../../src/lib/search/group.js')
    expect(onlyStatuses('status IN (FAILED,TIMED_OUT) AND workflowType="x"', RETRYABLE)).toBe(true)
    expect(onlyStatuses('status="FAILED"', RETRYABLE)).toBe(true)
    expect(onlyStatuses('status IN (FAILED,RUNNING)', RETRYABLE)).toBe(false)
    expect(onlyStatuses('workflowType="x"', RETRYABLE)).toBe(false)
  })
})

describe('next commands for reason groups', () => {
  it('never suggests one command for two groups: a fragment another reason shares is passed over', () => {
    const a = 'Error while executing task <id> in workflow payments'
    const b = 'Error while executing task <id> in workflow orders'
    const c = 'Error while executing task <id>'
    const groups = withNextCommands(
      [
        {key: a, count: 3},
        {key: b, count: 2},
        {key: c, count: 1},
      ],
      'status=FAILED',
      'reason',
      {kind: 'workflow', retry: false},
    )
    expect(groups[0]?.next).toContain("--text 'in workflow payments'")
    expect(groups[1]?.next).toContain("--text 'in workflow orders'")
    // its only run is in the others too: no command would list this group alone
    expect(groups[2]?.next).toBeUndefined()
  })
})
