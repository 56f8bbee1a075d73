import {describe, expect, it} from 'vitest'
import {compileSearch} from '../../../src/lib/search/compile.js'
import {groupColumns, groupMatches, groupNotes} from '../../../src/lib/search/group-report.js'
import type {Page} from '../../../src/lib/search/page.js'
import type {Summary} from '../../../src/lib/search/types.js'

const NOW = Date.UTC(2026, 10, 27, 12)
const row = (id: string, type: string): Summary =>
  ({workflowId: id, workflowType: type, status: 'FAILED', startTime: '2026-11-27T10:00:00.000Z'}) as Summary

async function* pages(...list: Summary[][]): AsyncGenerator<Page<Summary>> {
  for (const rows of list) yield {rows, totalHits: 3, requests: 1} as Page<Summary>
}

describe('groupMatches', () => {
  it('counts per workflow, most frequent first, with a retry command for failures', async () => {
    const search = compileSearch('status=FAILED', {kind: 'workflow', now: NOW})
    const progress: number[] = []
    const {groups, total} = await groupMatches(
      pages([row('a', 'orders'), row('b', 'pay')], [row('c', 'orders')]),
      search,
      'status=FAILED',
      'workflow',
      (read) => progress.push(read),
    )
    expect(total).toBe(3)
    expect(progress).toEqual([2, 3])
    expect(groups.map((g) => [g.key, g.count])).toEqual([
      ['orders', 2],
      ['pay', 1],
    ])
    expect(groups[0]?.next).toBe(
      "conductor search 'status=FAILED and workflow=orders' --all --ids | conductor retry - --yes",
    )
  })
})

describe('groupColumns and groupNotes', () => {
  it('names the group column by what is grouped', () => {
    expect(groupColumns('task', 'workflow').map((c) => c.header)).toEqual([
      'Count',
      'Sample ID',
      'Last start',
      'Failed task',
    ])
    expect(groupColumns('task', 'task').at(-1)?.header).toBe('Task')
    const last = groupColumns('reason', 'workflow')[2]
    expect(last?.get({key: 'k', count: 1, sample: 's', firstStart: '', lastStart: '2026-11-27T10:00:00.123Z'})).toBe(
      '2026-11-27 10:00:00Z',
    )
  })
  it('gives totals, the next commands, and a warning when they use --text', () => {
    const groups = [
      {key: 'a', count: 2, sample: 'x', firstStart: '', lastStart: '', next: "conductor search q --text 'a b'"},
      {key: 'b', count: 1, sample: 'y', firstStart: '', lastStart: ''},
    ]
    const notes = groupNotes(groups, 3, 'workflow')
    expect(notes[0]).toBe('3 executions in 2 groups.')
    expect(notes[1]).toBe("Next:\n  conductor search q --text 'a b'")
    expect(notes[2]).toMatch(/^\(--text matches a substring/)
    expect(groupNotes([], 0, 'task')).toEqual(['0 tasks in 0 groups.'])
  })
})
