import {describe, expect, it} from 'vitest'
import {compileSearch} from '../../../src/lib/search/compile.js'
import {searchPages, type PageRequest, type PageResult} from '../../../src/lib/search/page.js'
import {runSearch} from '../../../src/lib/search/service.js'
import {mockServer, MOCK_ORIGIN} from '../../helpers/mock-server.js'

interface Row {
  workflowId: string
  startTime: string
  version?: number
  status?: string
}

const T0 = Date.UTC(2026, 10, 27)
const row = (id: string, ms: number, extra: Partial<Row> = {}): Row => ({
  workflowId: id,
  startTime: new Date(T0 + ms).toISOString(),
  ...extra,
})

/** A fake of the SQLite search: startTime bounds and status= from the query, the sort, LIMIT/OFFSET. */
class FakeServer {
  requests: PageRequest[] = []
  constructor(
    public rows: Row[],
    private readonly onRequest?: (n: number, server: FakeServer) => void,
  ) {}

  fetch = async (request: PageRequest): Promise<PageResult<Row>> => {
    this.requests.push(request)
    this.onRequest?.(this.requests.length, this)
    let rows = [...this.rows]
    for (const clause of request.query ? request.query.split(' AND ') : []) {
      const m = /^startTime([<>])(\d+)$/.exec(clause)
      if (m)
        rows = rows.filter((r) =>
          m[1] === '<' ? Date.parse(r.startTime) < Number(m[2]) : Date.parse(r.startTime) > Number(m[2]),
        )
      const s = /^status="(\w+)"$/.exec(clause)
      if (s) rows = rows.filter((r) => r.status === s[1])
    }
    const desc = request.sort.startsWith('startTime:DESC')
    rows.sort(
      (a, b) =>
        (Date.parse(a.startTime) - Date.parse(b.startTime)) * (desc ? -1 : 1) ||
        a.workflowId.localeCompare(b.workflowId),
    )
    return {totalHits: rows.length, results: rows.slice(request.start, request.start + request.size)}
  }
}

const options = {idOf: (r: Row) => r.workflowId, startOf: (r: Row) => Date.parse(r.startTime), keyset: true}
const base = {query: 'status="FAILED"', freeText: '*', sort: 'startTime:DESC|workflowId:ASC'}

async function collect(gen: AsyncGenerator<{rows: Row[]}>): Promise<{ids: string[]; pages: number}> {
  const ids: string[] = []
  let pages = 0
  for await (const page of gen) {
    pages++
    ids.push(...page.rows.map((r) => r.workflowId))
  }
  return {ids, pages}
}

const many = (n: number, status = 'FAILED') =>
  Array.from({length: n}, (_, i) => row(`w${String(i).padStart(4, '0')}`, (n - i) * 1000, {status}))

describe('searchPages', () => {
  it('reads everything in pages, each later page bounded by the last start time (keyset)', async () => {
    const server = new FakeServer(many(25))
    const {ids, pages} = await collect(searchPages(server.fetch, base, {...options, pageSize: 10}))
    expect(ids).toEqual(many(25).map((r) => r.workflowId))
    expect(pages).toBe(3)
    expect(server.requests.map((r) => [r.query, r.start, r.size])).toEqual([
      ['status="FAILED"', 0, 10],
      [`status="FAILED" AND startTime<${T0 + 16_000 + 1}`, 0, 11],
      [`status="FAILED" AND startTime<${T0 + 6000 + 1}`, 0, 11],
    ])
  })

  it('stops at the limit, asking only for what is needed', async () => {
    const server = new FakeServer(many(25))
    const {ids} = await collect(searchPages(server.fetch, base, {...options, pageSize: 10, limit: 13}))
    expect(ids).toHaveLength(13)
    expect(server.requests.map((r) => r.size)).toEqual([10, 4])
  })

  it('handles many rows started in the same millisecond (ties across pages)', async () => {
    const rows = [
      row('a', 5000),
      ...Array.from({length: 12}, (_, i) => row(`t${String(i).padStart(2, '0')}`, 3000)),
      row('z', 1000),
    ]
    const server = new FakeServer(rows)
    const {ids} = await collect(searchPages(server.fetch, {...base, query: ''}, {...options, pageSize: 5}))
    expect(ids).toEqual(['a', ...Array.from({length: 12}, (_, i) => `t${String(i).padStart(2, '0')}`), 'z'])
    expect(new Set(ids).size).toBe(ids.length)
    expect(server.requests.map((r) => [r.start, r.size])).toEqual([
      [0, 5],
      [0, 9],
      [0, 14],
    ])
  })

  it('falls back to an offset inside the millisecond for a tie of thousands', async () => {
    const rows = Array.from({length: 4000}, (_, i) => row(`t${String(i).padStart(4, '0')}`, 1000))
    const server = new FakeServer(rows)
    const {ids} = await collect(searchPages(server.fetch, {...base, query: ''}, {...options, pageSize: 3000}))
    expect(new Set(ids).size).toBe(4000)
    expect(server.requests.map((r) => [r.start, r.size])).toEqual([
      [0, 3000],
      [3000, 3000],
    ])
  })

  it('is not disturbed by executions started while paging (they sort in above the bound)', async () => {
    const server = new FakeServer(many(30), (n, s) => {
      if (n === 2) s.rows.push(...Array.from({length: 7}, (_, i) => row(`new${i}`, 100_000 + i, {status: 'FAILED'})))
    })
    const {ids} = await collect(searchPages(server.fetch, base, {...options, pageSize: 10}))
    expect(ids).toEqual(many(30).map((r) => r.workflowId))
  })

  it('skips nothing when rows already read leave the set while paging (e.g. retried)', async () => {
    const server = new FakeServer(many(30), (n, s) => {
      // after the first page, its ten rows are retried: FAILED → RUNNING
      if (n === 2) for (const r of s.rows.slice(0, 10)) r.status = 'RUNNING'
    })
    const {ids} = await collect(searchPages(server.fetch, base, {...options, pageSize: 10}))
    expect(ids).toEqual(many(30).map((r) => r.workflowId))
  })

  it('with offset paging (other sorts), drops rows repeated by an insert at the top', async () => {
    const server = new FakeServer(many(20), (n, s) => {
      if (n === 2) s.rows.push(row('new', 999_000, {status: 'FAILED'}))
    })
    const {ids} = await collect(searchPages(server.fetch, base, {...options, keyset: false, pageSize: 10}))
    expect(server.requests.map((r) => r.start)).toEqual([0, 10, 20])
    expect(ids).toEqual(many(20).map((r) => r.workflowId))
  })

  it('applies a client-side filter and pages on until the limit is met', async () => {
    const rows = many(40).map((r, i) => ({...r, version: i % 4 === 0 ? 2 : 1}))
    const server = new FakeServer(rows)
    const {ids} = await collect(
      searchPages(server.fetch, base, {...options, pageSize: 10, limit: 7, accept: (r: Row) => r.version === 2}),
    )
    expect(ids).toEqual(
      rows
        .filter((r) => r.version === 2)
        .slice(0, 7)
        .map((r) => r.workflowId),
    )
    expect(server.requests.map((r) => r.size)).toEqual([10, 11, 11])
  })

  it('ends on an empty result and caps the page size at 5000', async () => {
    const server = new FakeServer([])
    const {ids, pages} = await collect(searchPages(server.fetch, base, {...options, pageSize: 9000}))
    expect(ids).toEqual([])
    expect(pages).toBe(1)
    expect(server.requests[0]?.size).toBe(5000)
  })

  it('pages in ascending order too', async () => {
    const server = new FakeServer(many(12))
    const {ids} = await collect(
      searchPages(server.fetch, {...base, sort: 'startTime:ASC|workflowId:ASC'}, {...options, pageSize: 5}),
    )
    expect(ids).toEqual(
      many(12)
        .map((r) => r.workflowId)
        .reverse(),
    )
    expect(server.requests[1]?.query).toBe(`status="FAILED" AND startTime>${T0 + 5000 - 1}`)
  })
})

describe('runSearch over HTTP (undici MockAgent)', () => {
  const ORIGIN = MOCK_ORIGIN
  const {client, pool} = mockServer()

  it('sends the compiled query, freeText and sort, and pages with the start-time bound', async () => {
    const search = compileSearch('status=failed and workflow=orders and version=2', {kind: 'workflow', now: T0})
    const seen: string[] = []
    const server = pool()
    const page1 = [row('a', 3000, {version: 2}), row('b', 2000, {version: 1})]
    const page2 = [row('c', 1000, {version: 2})]
    server
      .intercept({
        path: (p) => (seen.push(p), p.startsWith('/api/workflow/search?') && p.includes('start=0')),
        method: 'GET',
      })
      .reply(200, {totalHits: 3, results: page1.map((r) => ({...r, workflowType: 'orders', status: 'FAILED'}))})
    server
      .intercept({path: (p) => (seen.push(p), p.includes('startTime%3C')), method: 'GET'})
      .reply(200, {totalHits: 1, results: page2.map((r) => ({...r, workflowType: 'orders', status: 'FAILED'}))})
    const ids: string[] = []
    for await (const page of runSearch(client(), search, {pageSize: 2}))
      ids.push(...page.rows.map((r) => String(r.workflowId)))
    expect(ids).toEqual(['a', 'c'])
    const first = new URL(ORIGIN + (seen[0] as string)).searchParams
    expect(Object.fromEntries(first)).toEqual({
      start: '0',
      size: '2',
      sort: 'startTime:DESC|workflowId:ASC',
      freeText: '*',
      query: 'status="FAILED" AND workflowType="orders"',
    })
    const second = new URL(ORIGIN + (seen[seen.length - 1] as string)).searchParams
    expect(second.get('query')).toBe(`status="FAILED" AND workflowType="orders" AND startTime<${T0 + 2000 + 1}`)
  })

  it('sends no query parameter when there is no filter, and searches tasks at /tasks/search', async () => {
    const seen: string[] = []
    pool()
      .intercept({path: (p) => (seen.push(p), p.startsWith('/api/tasks/search?')), method: 'GET'})
      .reply(200, {totalHits: 1, results: [{taskId: 't1', workflowId: 'w1', startTime: '2026-11-27T00:00:00.000Z'}]})
    const search = compileSearch('', {kind: 'task', now: T0, text: 'boom'})
    const rows = []
    for await (const page of runSearch(client(), search, {limit: 5})) rows.push(...page.rows)
    expect(rows).toHaveLength(1)
    const params = new URL(ORIGIN + (seen[0] as string)).searchParams
    expect(params.has('query')).toBe(false)
    expect(params.get('freeText')).toBe('boom')
    expect(params.get('sort')).toBe('startTime:DESC|taskId:ASC')
  })

  it('turns a body that is not a search result into a server error', async () => {
    pool()
      .intercept({path: (p) => p.startsWith('/api/workflow/search'), method: 'GET'})
      .reply(200, {hello: 'world'})
    const search = compileSearch('', {kind: 'workflow', now: T0})
    const error = await (async () => {
      for await (const page of runSearch(client(), search)) void page
    })().catch((e: unknown) => e)
    expect(error).toMatchObject({kind: 'server'})
  })
})
