import {afterEach, describe, expect, it} from 'vitest'
import Search from '../../../src/commands/search.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'
import {fakeConductor, SQLITE_CONFIG, summaryRow, type Sent} from './fake-conductor.js'

const server = mockServer()
const run = (argv: string[]) => runInProcess(Search as unknown as CommandClass, argv, server)
type Doc = {error?: {kind: string; exitCode: number; message: string; hint?: string}}

/** Rows started one second apart, newest first (the default sort is startTime:DESC). */
const rows = (n: number, extra: (i: number) => Record<string, unknown> = () => ({})) =>
  Array.from({length: n}, (_, i) =>
    summaryRow(`wf-${i + 1}`, 'FAILED', {
      startTime: new Date(Date.UTC(2026, 10, 27, 10, 0, 0) - i * 1000).toISOString(),
      reasonForIncompletion: 'card declined',
      ...extra(i),
    }),
  )

/**
 * A SQLite-indexed server holding `all` (newest first): answers GET /workflow/search as the server
 * would for keyset pages (startTime<T in the query) and offsets.
 */
const serverWith = (all: Record<string, unknown>[], options: {totalHits?: number; path?: string} = {}) => {
  const fake = fakeConductor(server)
  fake.on('GET', '/admin/config', SQLITE_CONFIG)
  fake.on('GET', options.path ?? '/workflow/search', (req: Sent) => {
    const below = /startTime<(\d+)/.exec(req.query.query ?? '')?.[1]
    const candidates = below ? all.filter((r) => Date.parse(String(r.startTime)) < Number(below)) : all
    const start = Number(req.query.start ?? 0)
    const size = Number(req.query.size ?? 100)
    return {body: {totalHits: options.totalHits ?? candidates.length, results: candidates.slice(start, start + size)}}
  })
  return fake
}

const searches = (fake: ReturnType<typeof fakeConductor>, path = '/workflow/search') => fake.requests('GET', path)

const tty = {stdout: process.stdout.isTTY, columns: process.stdout.columns, stderr: process.stderr.isTTY}
afterEach(() => {
  Object.assign(process.stdout, {isTTY: tty.stdout, columns: tty.columns})
  Object.assign(process.stderr, {isTTY: tty.stderr})
})

describe('search: one page (the default limit)', () => {
  it('sends the compiled query, sort and size 20; prints a table and says when it cut the list short', async () => {
    const fake = serverWith(rows(57))
    const {stdout, stderr, exitCode} = await run(['status=FAILED', 'and', 'workflow=orders'])
    expect(exitCode).toBe(0)
    const sent = searches(fake)
    expect(sent).toHaveLength(1)
    expect(sent[0]?.query).toMatchObject({
      query: 'status="FAILED" AND workflowType="orders"',
      freeText: '*',
      start: '0',
      size: '20',
    })
    expect(sent[0]?.query.sort).toMatch(/^startTime:DESC/)
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^ID\s+WORKFLOW\s+VERSION\s+STATUS\s+START\s+DURATION\s+CORRELATION ID\s+REASON$/)
    expect(lines).toHaveLength(21)
    expect(lines[1]).toMatch(/^wf-1\s+orders\s+2\s+FAILED\s+2026-11-27 10:00:00Z\s+5\.0s\s+corr-wf-1\s+card declined$/)
    expect(stderr).toContain('Showing the first 20 of 57 matches; use --limit N or --all for more.')
  })

  it('--json: the rows as the server sent them', async () => {
    const all = rows(3)
    serverWith(all)
    const {doc, exitCode, stderr} = await run(['status=FAILED', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toEqual(all)
    expect(stderr).toBe('')
  })

  it('--limit N asks for N; no note when everything fit', async () => {
    const fake = serverWith(rows(3))
    const {stdout, stderr} = await run(['status=FAILED', '--limit', '5'])
    expect(searches(fake)[0]?.query.size).toBe('5')
    expect(stdout.trim().split('\n')).toHaveLength(4)
    expect(stderr).toBe('')
  })

  it('--text and --sort go to freeText and sort', async () => {
    const fake = serverWith(rows(1))
    await run(['workflow=orders', '--text', 'customer-42', '--sort', 'endTime:asc', '--json'])
    expect(searches(fake)[0]?.query).toMatchObject({freeText: 'customer-42'})
    expect(searches(fake)[0]?.query.sort).toMatch(/^endTime:ASC/)
  })

  it('--ids: only workflow ids, one a line, for pipes', async () => {
    serverWith(rows(3))
    const {stdout, exitCode} = await run(['status=FAILED', '--ids'])
    expect(exitCode).toBe(0)
    expect(stdout).toBe('wf-1\nwf-2\nwf-3\n')
  })

  it('an empty result: just the header, no note', async () => {
    serverWith([])
    const {stdout, stderr, exitCode} = await run(['status=PAUSED'])
    expect(exitCode).toBe(0)
    expect(stdout.trim().split('\n')).toHaveLength(1)
    expect(stderr).toBe('')
  })
})

describe('search --all: every match, page by page', () => {
  it('-o jsonl streams every row; the next page is asked by start time (keyset), not by offset', async () => {
    const fake = serverWith(rows(5))
    const {stdout, exitCode} = await run(['status=FAILED', '--all', '--page-size', '2', '-o', 'jsonl'])
    expect(exitCode).toBe(0)
    const ids = stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as {workflowId: string}).workflowId)
    expect(ids).toEqual(['wf-1', 'wf-2', 'wf-3', 'wf-4', 'wf-5'])
    const sent = searches(fake)
    expect(sent.length).toBeGreaterThanOrEqual(3)
    expect(sent[0]?.query.query).toBe('status="FAILED"')
    expect(sent[1]?.query.query).toMatch(/^status="FAILED" AND startTime<\d+$/)
    expect(sent.every((r) => r.query.start === '0')).toBe(true)
  })

  it('-o csv: exact columns (ISO times, duration in ms)', async () => {
    serverWith(rows(2))
    const {stdout} = await run(['status=FAILED', '--all', '-o', 'csv'])
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toBe(
      'workflowId,workflowType,version,status,startTime,endTime,durationMs,correlationId,reasonForIncompletion',
    )
    expect(lines[1]).toBe(
      'wf-1,orders,2,FAILED,2026-11-27T10:00:00.000Z,2026-11-27T10:00:05.000Z,5000,corr-wf-1,card declined',
    )
    expect(lines).toHaveLength(3)
  })

  it('-o json is one array and -o yaml a list, across pages', async () => {
    serverWith(rows(3))
    const json = await run(['status=FAILED', '--all', '--page-size', '2', '-o', 'json'])
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(3)
    serverWith(rows(3))
    const yaml = await run(['status=FAILED', '--all', '--page-size', '2', '-o', 'yaml'])
    expect(yaml.stdout.match(/^- workflowType: orders$/gm)).toHaveLength(3)
  })

  it('--all --ids over pages', async () => {
    serverWith(rows(5))
    const {stdout} = await run(['status=FAILED', '--all', '--ids', '--page-size', '2'])
    expect(stdout).toBe('wf-1\nwf-2\nwf-3\nwf-4\nwf-5\n')
  })

  it('a table of more than 10000 matches is refused: stream them instead (2)', async () => {
    serverWith(rows(3), {totalHits: 25_000})
    const {doc, exitCode} = await run(['status=FAILED', '--all', '--json'])
    // --json with --all streams one JSON array (not a table): allowed
    expect(exitCode).toBe(0)
    expect(Array.isArray(doc)).toBe(true)
    serverWith(rows(3), {totalHits: 25_000})
    const table = await run(['status=FAILED', '--all'])
    expect(table.exitCode).toBe(2)
    expect(table.stderr).toContain('Error: 25000 matches are too many for a table')
    expect(table.stderr).toContain('-o jsonl')
  })

  it('version=N is filtered by the CLI: the server is not told, and rows of other versions are dropped', async () => {
    const fake = serverWith(rows(4, (i) => ({version: i % 2 === 0 ? 3 : 2})))
    const {doc} = await run(['workflow=orders', 'and', 'version=3', '--json'])
    expect((doc as {workflowId: string}[]).map((r) => r.workflowId)).toEqual(['wf-1', 'wf-3'])
    expect(searches(fake)[0]?.query.query).toBe('workflowType="orders"')
  })
})

describe('search: refusals before anything is sent', () => {
  it.each([
    [['status=FAILED', '--all', '--limit', '5'], '--all and --limit cannot be used together'],
    [['status=FAILED', '--ids'], '--ids and --json cannot be used together'],
    [['status!=FAILED'], ''],
    [['colour=red'], ''],
  ])('%j is a usage error (2)', async (argv, message) => {
    const fake = fakeConductor(server)
    const {doc, exitCode} = await run([...argv, '--json'])
    expect(exitCode).toBe(2)
    expect((doc as Doc).error?.kind).toBe('usage')
    if (message) expect((doc as Doc).error?.message).toBe(message)
    expect(fake.sent).toHaveLength(0)
  })

  it('an answer that is not a search result is a server error (6) that suggests doctor', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/admin/config', SQLITE_CONFIG)
    fake.on('GET', '/workflow/search', {body: {results: [{name: 'not a summary'}]}})
    const {doc, exitCode} = await run(['status=FAILED', '--json'])
    expect(exitCode).toBe(6)
    expect((doc as Doc).error?.hint).toContain('conductor doctor')
  })
})

describe('search --explain', () => {
  it('prints the request and the SQL of the SQLite index, and sends no search', async () => {
    const fake = serverWith(rows(1))
    const {stdout, exitCode} = await run(['workflow=orders', 'and', 'version=3', '--explain'])
    expect(exitCode).toBe(0)
    expect(stdout).toMatch(/^GET \/api\/workflow\/search\n {2}query: {5}workflowType="orders"\n/)
    expect(stdout).toContain('  size:      20 (one page)')
    expect(stdout).toContain('  filtered by the CLI: version=3')
    expect(stdout).toContain("  backend:   sqlite (the server jar's default (no indexing type given))")
    expect(stdout).toMatch(/ {2}sql: {7}SELECT .*workflow_index/)
    expect(stdout).toMatch(/ {2}url: {7}\/api\/workflow\/search\?query=workflowType%3D%22orders%22/)
    expect(searches(fake)).toHaveLength(0)
  })

  it('--json --all: the explanation document, with keyset paging and the Postgres notes', async () => {
    const fake = fakeConductor(server)
    fake.on('GET', '/admin/config', {
      body: {'sun.java.command': 'conductor-server-3.32.3-boot.jar --conductor.indexing.type=postgres'},
    })
    const {doc, exitCode} = await run([
      'workflow=order*',
      'and',
      'since',
      '2026-11-01',
      '--text',
      'customer',
      '--all',
      '--page-size',
      '500',
      '--explain',
      '--json',
    ])
    expect(exitCode).toBe(0)
    expect(doc).toMatchObject({
      method: 'GET',
      path: '/api/workflow/search',
      params: {freeText: 'customer', start: 0, size: 500},
      paging: expect.stringContaining('pages of 500; each next page adds startTime<'),
      times: [{text: 'since 2026-11-01', iso: '2026-11-01T00:00:00.000Z'}],
      backend: {backend: 'postgres'},
      notes: [
        'free text: whole words in this order (English stems, any case), not a substring',
        'wildcards: case-sensitive on Postgres (any case on SQLite)',
      ],
    })
    expect(fake.requests('GET', '/workflow/search')).toHaveLength(0)
  })

  it('a server that will not say its index: compiled for SQLite, with a note', async () => {
    fakeConductor(server).on('GET', '/admin/config', {status: 404, body: {status: 404, message: 'not here'}})
    const {doc} = await run(['status=FAILED', '--tasks', '--sort', 'status', '--explain', '--json'])
    expect(doc).toMatchObject({
      path: '/api/tasks/search',
      paging: 'one page',
      backend: {backend: 'unknown'},
      notes: [expect.stringContaining('compiled for the SQLite grammar')],
    })
  })
})

describe('search --tasks', () => {
  const taskRows = [
    {
      workflowId: 'wf-1',
      workflowType: 'orders',
      taskId: 't-1',
      taskDefName: 'charge',
      taskType: 'HTTP',
      status: 'FAILED',
      startTime: '2026-11-27T10:00:00.000Z',
      endTime: '2026-11-27T10:00:02.000Z',
      updateTime: '2026-11-27T10:00:02.000Z',
      executionTime: 2000,
      reasonForIncompletion: 'HTTP 502\nfrom gateway',
    },
    {
      workflowId: 'wf-1',
      workflowType: 'orders',
      taskId: 't-2',
      taskDefName: 'charge',
      taskType: 'HTTP',
      status: 'FAILED',
      startTime: '2026-11-27T09:59:00.000Z',
      endTime: '2026-11-27T09:59:01.000Z',
      executionTime: 1000,
    },
  ]

  it('asks /tasks/search; the table shows the task and a one-line reason', async () => {
    const fake = serverWith(taskRows, {path: '/tasks/search'})
    const {stdout, exitCode} = await run(['--tasks', 'status=FAILED and task=charge'])
    expect(exitCode).toBe(0)
    expect(searches(fake, '/tasks/search')[0]?.query.query).toBe('status="FAILED" AND taskDefName="charge"')
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^TASK ID\s+WORKFLOW ID\s+TASK\s+STATUS\s+START\s+DURATION\s+REASON$/)
    expect(lines[1]).toMatch(
      /^t-1\s+wf-1\s+charge \(HTTP\)\s+FAILED\s+2026-11-27 10:00:00Z\s+2\.0s\s+HTTP 502 from gateway$/,
    )
  })

  it('--ids prints each workflow id once per run of rows', async () => {
    serverWith(taskRows, {path: '/tasks/search'})
    const {stdout} = await run(['--tasks', 'status=FAILED', '--ids'])
    expect(stdout).toBe('wf-1\n')
  })
})

describe('search --group-by', () => {
  const failures = [
    summaryRow('wf-1', 'FAILED', {reasonForIncompletion: 'card declined', failedReferenceTaskNames: 'charge'}),
    summaryRow('wf-2', 'FAILED', {
      reasonForIncompletion: 'card declined',
      failedReferenceTaskNames: 'charge',
      startTime: '2026-11-27T09:00:00.000Z',
    }),
    summaryRow('wf-3', 'TIMED_OUT', {
      reasonForIncompletion: 'timed out after 60s',
      failedReferenceTaskNames: 'ship',
      startTime: '2026-11-27T08:00:00.000Z',
    }),
  ]

  it('without a status in the query, groups the failures (FAILED, TIMED_OUT) and suggests commands', async () => {
    const fake = serverWith(failures)
    const {stdout, stderr, exitCode} = await run(['workflow=orders', '--group-by', 'task'])
    expect(exitCode).toBe(0)
    expect(stderr).toContain('Grouping failed executions: workflow=orders and status in (FAILED, TIMED_OUT)')
    expect(searches(fake)[0]?.query.query).toBe('workflowType="orders" AND status IN (FAILED,TIMED_OUT)')
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^COUNT\s+SAMPLE ID\s+LAST START\s+FAILED TASK$/)
    expect(lines[1]).toMatch(/^2\s+wf-1\s+2026-11-27 10:00:00Z\s+charge$/)
    expect(lines[2]).toMatch(/^1\s+wf-3\s+2026-11-27 08:00:00Z\s+ship$/)
    expect(stderr).toContain('3 executions in 2 groups.')
    expect(stderr).toMatch(/Next:\n {2}conductor search /)
  })

  it('--json: the groups with their next commands', async () => {
    serverWith(failures)
    const {doc, exitCode} = await run(['status=FAILED and workflow=orders', '--group-by', 'reason', '--json'])
    expect(exitCode).toBe(0)
    const groups = doc as {key: string; count: number; sample: string; next?: string}[]
    expect(groups.map((g) => [g.key, g.count])).toEqual([
      ['card declined', 2],
      // reasons are normalised: numbers and ids do not split a group
      ['timed out after <n>s', 1],
    ])
    expect(groups[0]?.next).toMatch(/^conductor /)
  })

  it('--group-by status counts statuses', async () => {
    serverWith(failures)
    const {doc} = await run(['workflow=orders', '--group-by', 'status', '--json'])
    expect((doc as {key: string; count: number}[]).map((g) => [g.key, g.count])).toEqual([
      ['FAILED', 2],
      ['TIMED_OUT', 1],
    ])
  })
})

describe('search on a terminal', () => {
  it('drops empty columns, shortens the reason to the width, and shows where the executions are in the UI', async () => {
    Object.assign(process.stdout, {isTTY: true, columns: 80})
    Object.assign(process.stderr, {isTTY: true})
    serverWith(rows(7, () => ({correlationId: '', reasonForIncompletion: 'x'.repeat(200)})))
    const {stdout, stderr, exitCode} = await run(['status=FAILED', '--limit', '7'])
    expect(exitCode).toBe(0)
    expect(stdout).not.toMatch(/CORRELATION/i)
    expect(stdout).toContain('…')
    expect(stderr.match(/^UI: http:\/\/conductor\.test:8080\/execution\/wf-\d$/gm)).toHaveLength(5)
    expect(stderr).toContain('UI: http://conductor.test:8080/executions')
  })
})
