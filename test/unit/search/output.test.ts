import {describe, expect, it} from 'vitest'
import {toCsv, toJson, toJsonl, toYaml} from '../../../src/lib/output/formats.js'
import {pageFormatter} from '../../../src/lib/search/emit.js'
import {explainSearch, explanationLines} from '../../../src/lib/search/explain.js'
import {compileSearch} from '../../../src/lib/search/compile.js'
import {
  csvColumns,
  dropEmptyColumns,
  durationMs,
  fitLastColumn,
  tableColumns,
  truncate,
} from '../../../src/lib/search/rows.js'
import type {Summary} from '../../../src/lib/search/types.js'

const NOW = Date.UTC(2026, 10, 27, 12)
const rows: Summary[] = [
  {
    workflowId: 'a',
    workflowType: 'orders',
    version: 1,
    status: 'FAILED',
    startTime: '2026-11-27T10:00:00.000Z',
    endTime: '2026-11-27T10:00:02.000Z',
    executionTime: 2000,
    reasonForIncompletion: 'boom, "quoted"\nnext line',
  },
  {
    workflowId: 'b',
    workflowType: 'orders',
    version: 2,
    status: 'RUNNING',
    startTime: '2026-11-27T11:00:00.000Z',
    correlationId: 'c-1',
  },
  {
    workflowId: 'c',
    workflowType: 'orders',
    version: 2,
    status: 'COMPLETED',
    startTime: '2026-11-27T11:00:00.000Z',
    endTime: '2026-11-27T11:00:00.500Z',
    executionTime: 0,
  },
]

describe('streamed formats give the same bytes as the whole list', () => {
  const columns = csvColumns('workflow', NOW)
  const pages = [rows.slice(0, 1), [], rows.slice(1)]
  const whole = {json: toJson(rows), jsonl: toJsonl(rows), csv: toCsv(rows, columns)}
  for (const format of ['json', 'jsonl', 'csv', 'yaml'] as const)
    it(format, async () => {
      const f = pageFormatter(format, columns)
      let text = ''
      for (const page of pages) text += await f.page(page)
      text += f.end()
      expect(text).toBe(format === 'yaml' ? await toYaml(rows) : whole[format])
    })
  it('and for no rows at all', async () => {
    for (const format of ['json', 'jsonl', 'csv', 'yaml'] as const) {
      const f = pageFormatter(format, columns)
      const text = (await f.page([])) + f.end()
      expect(text).toBe(
        format === 'yaml'
          ? await toYaml([])
          : format === 'json'
            ? toJson([])
            : format === 'csv'
              ? toCsv([], columns)
              : '',
      )
    }
  })
})

describe('rows', () => {
  it('takes durations from executionTime, else start/end, and counts running ones up to now', () => {
    expect(durationMs(rows[0] as Summary, NOW)).toEqual({ms: 2000, running: false})
    expect(durationMs(rows[1] as Summary, NOW)).toEqual({ms: 3_600_000, running: true})
    expect(durationMs(rows[2] as Summary, NOW)).toEqual({ms: 500, running: false})
  })
  it('renders the table columns for people', () => {
    const cols = tableColumns('workflow', NOW)
    expect(cols.map((c) => c.header)).toEqual([
      'ID',
      'Workflow',
      'Version',
      'Status',
      'Start',
      'Duration',
      'Correlation ID',
      'Reason',
    ])
    expect(cols.map((c) => c.get(rows[0] as Summary))).toEqual([
      'a',
      'orders',
      1,
      'FAILED',
      '2026-11-27 10:00:00Z',
      '2.0s',
      undefined,
      'boom, "quoted" next line',
    ])
    expect(cols[5]?.get(rows[1] as Summary)).toBe('1h…')
    expect(
      tableColumns('task', NOW).map((c) =>
        c.get({taskId: 't', workflowId: 'w', taskDefName: 'charge', taskType: 'SIMPLE', status: 'FAILED'}),
      ),
    ).toEqual(['t', 'w', 'charge (SIMPLE)', 'FAILED', '', '', ''])
  })
  it('fits the reason into the terminal width and drops empty optional columns', () => {
    const long: Summary[] = [{...(rows[0] as Summary), reasonForIncompletion: 'x'.repeat(300)}]
    const cols = fitLastColumn(long, tableColumns('workflow', NOW), 160)
    const reason = String(cols[cols.length - 1]?.get(long[0] as Summary))
    expect(reason.length).toBeLessThan(160)
    expect(reason.endsWith('…')).toBe(true)
    const used = cols
      .slice(0, -1)
      .reduce((n, c) => n + Math.max(c.header.length, String(c.get(long[0] as Summary) ?? '').length) + 2, 0)
    expect(used + reason.length + 2 + cols.length + 1).toBeLessThanOrEqual(160)
    expect(dropEmptyColumns(long, tableColumns('workflow', NOW)).map((c) => c.header)).not.toContain('Correlation ID')
    expect(truncate('abcdef', 4)).toBe('abc…')
  })
})

describe('explain', () => {
  it('shows the request, resolved times and client-side filters', () => {
    const search = compileSearch('status=failed and since 1h and version=2', {kind: 'workflow', now: NOW})
    const e = explainSearch(search, 20, false)
    expect(e.params).toEqual({
      query: `status="FAILED" AND startTime>${NOW - 3_600_000 - 1}`,
      freeText: '*',
      sort: 'startTime:DESC|workflowId:ASC',
      start: 0,
      size: 20,
    })
    const text = explanationLines(e).join('\n')
    expect(text).toContain('GET /api/workflow/search')
    expect(text).toContain('since 1h → 2026-11-27T11:00:00.000Z')
    expect(text).toContain('filtered by the CLI: version=2')
    expect(text).toContain('url:       /api/workflow/search?query=status%3D%22FAILED%22')
  })
})

describe('tables on a terminal (gh style)', () => {
  it('fits the width: the widest column that is not fixed gives way, cut cells end with an ellipsis', async () => {
    const {toTable, fitWidths} = await import('../../../src/lib/output/formats.js')
    expect(fitWidths([36, 40, 9, 80], 80, 2, [true, false, false, false])).toEqual([36, 14, 9, 15])
    const rows = [{id: 'a'.repeat(36), name: 'n'.repeat(40), reason: 'r'.repeat(80)}]
    const text = await toTable(
      rows,
      [
        {header: 'Id', get: (r) => r.id, fixed: true},
        {header: 'Name', get: (r) => r.name},
        {header: 'Reason', get: (r) => r.reason},
      ],
      {tty: true, width: 80},
    )
    const lines = text.trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    for (const line of lines) expect(line.replace(/\u001B\[[0-9;]*m/g, '').length).toBeLessThanOrEqual(80)
    expect(lines[1]).toContain('a'.repeat(36))
    expect(lines[1]).toContain('…')
    expect(lines[0]).toMatch(/^(\u001B\[[0-9;]*m)*ID/)
  })
})
