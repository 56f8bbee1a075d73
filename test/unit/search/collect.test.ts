import {describe, expect, it} from 'vitest'
import {CliError} from '../../../src/lib/errors.js'
import {
  collectIds,
  collectRows,
  streamRows,
  TABLE_MAX,
  truncationNote,
  workflowIds,
} from '../../../src/lib/search/collect.js'
import {compileSearch} from '../../../src/lib/search/compile.js'
import {pageFormatter} from '../../../src/lib/search/emit.js'
import type {Page} from '../../../src/lib/search/page.js'
import {csvColumns} from '../../../src/lib/search/rows.js'
import type {Summary} from '../../../src/lib/search/types.js'

const NOW = Date.UTC(2026, 10, 27, 12)
const search = compileSearch('status=FAILED', {kind: 'workflow', now: NOW})
const filtered = compileSearch('status=FAILED and version=2', {kind: 'workflow', now: NOW})
const wf = (id: string): Summary => ({workflowId: id, workflowType: 'orders', status: 'FAILED'}) as Summary
const task = (id: string, workflowId: string): Summary =>
  ({taskId: id, workflowId, taskDefName: 't', status: 'FAILED'}) as Summary

async function* pages(
  ...list: {rows: Summary[]; totalHits: number; requests?: number}[]
): AsyncGenerator<Page<Summary>> {
  let requests = 0
  for (const p of list)
    yield {rows: p.rows, totalHits: p.totalHits, requests: p.requests ?? ++requests} as Page<Summary>
}

describe('collectIds', () => {
  it('gives the workflow ids page by page with the progress', async () => {
    const out: string[][] = []
    const progress: number[][] = []
    const read = await collectIds(
      pages({rows: [wf('a'), wf('b')], totalHits: 3}, {rows: [wf('c')], totalHits: 3}),
      'workflow',
      (ids) => out.push(ids),
      (r, t) => progress.push([r, t]),
    )
    expect(out).toEqual([['a', 'b'], ['c']])
    expect(progress).toEqual([
      [2, 3],
      [3, 3],
    ])
    expect(read).toEqual({read: 3, totalHits: 3})
  })

  it('task search gives each workflow id once per run of rows', async () => {
    const out: string[][] = []
    await collectIds(
      pages(
        {rows: [task('1', 'w1'), task('2', 'w1'), task('3', 'w2')], totalHits: 4},
        {rows: [task('4', 'w2')], totalHits: 4},
      ),
      'task',
      (ids) => out.push(ids),
    )
    expect(out).toEqual([['w1', 'w2']])
  })
})

describe('collectRows', () => {
  it('collects every row', async () => {
    const found = await collectRows(
      pages({rows: [wf('a')], totalHits: 2}, {rows: [wf('b')], totalHits: 2}),
      search,
      undefined,
    )
    expect(found.rows.map((r) => r.workflowId)).toEqual(['a', 'b'])
    expect(found.totalHits).toBe(2)
  })

  it('refuses a table of more than TABLE_MAX matches from the first page', async () => {
    const error = await collectRows(pages({rows: [wf('a')], totalHits: TABLE_MAX + 1}), search, undefined).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(CliError)
    expect((error as CliError).message).toBe(`${TABLE_MAX + 1} matches are too many for a table`)
  })

  it('with a limit the total does not matter', async () => {
    const found = await collectRows(pages({rows: [wf('a')], totalHits: TABLE_MAX + 1}), search, 20)
    expect(found.rows).toHaveLength(1)
  })
})

describe('streamRows', () => {
  it('formats each page and the ending', async () => {
    const texts: string[] = []
    const read = await streamRows(
      pages({rows: [wf('a')], totalHits: 2}, {rows: [wf('b')], totalHits: 2}),
      pageFormatter('jsonl', csvColumns('workflow', NOW)),
      (t) => texts.push(t),
    )
    expect(
      texts
        .join('')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as Summary).workflowId),
    ).toEqual(['a', 'b'])
    expect(read).toEqual({read: 2, totalHits: 2})
  })
})

describe('truncationNote', () => {
  it('speaks only when the limit cut the list', () => {
    expect(truncationNote(5, 10, undefined, search)).toBeUndefined()
    expect(truncationNote(4, 10, 5, search)).toBeUndefined()
    expect(truncationNote(5, 5, 5, search)).toBeUndefined()
    expect(truncationNote(5, 10, 5, search)).toBe('Showing the first 5 of 10 matches; use --limit N or --all for more.')
  })
  it('without the total when the CLI filters rows itself', () => {
    expect(filtered.clientFilters.length).toBeGreaterThan(0)
    expect(truncationNote(5, 5, 5, filtered)).toBe('Showing the first 5 matches; use --limit N or --all for more.')
  })
})

it('workflowIds: distinct, in order', () => {
  expect(workflowIds([task('1', 'w1'), task('2', 'w1'), wf('w2')])).toEqual(['w1', 'w2'])
})
