import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {CliError} from '../../../src/lib/errors.js'
import {
  DEFAULT_LIMIT,
  explainRequest,
  requestPages,
  searchRequest,
  type SearchAsk,
} from '../../../src/lib/search/request.js'
import {mockServer} from '../../helpers/mock-server.js'

const server = mockServer()
const JSON_HEADERS = {headers: {'content-type': 'application/json'}}
const ask = (over: Partial<SearchAsk> = {}): SearchAsk => ({
  words: ['status=FAILED'],
  tasks: false,
  all: false,
  ids: false,
  pageSize: 1000,
  ...over,
})
const sqliteServer = () =>
  server
    .pool()
    .intercept({path: '/api/admin/config', method: 'GET'})
    .reply(200, {'conductor.indexing.type': 'sqlite'}, JSON_HEADERS)

beforeEach(() => vi.stubEnv('CONDUCTOR_SEARCH_BACKEND', ''))
afterEach(() => vi.unstubAllEnvs())

async function refused(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(CliError)
  return error as CliError
}

describe('searchRequest: flags to a compiled search', () => {
  it('refuses --all with --limit and --ids with --group-by before building a client', async () => {
    const client = vi.fn(async () => server.client())
    const a = await refused(searchRequest(ask({all: true, limit: 5}), client))
    expect(a.message).toBe('--all and --limit cannot be used together')
    const b = await refused(searchRequest(ask({ids: true, groupBy: 'reason'}), client))
    expect(b.message).toBe('--ids and --group-by cannot be used together')
    const c = await refused(searchRequest(ask({ids: true, json: true}), client))
    expect(c.message).toBe('--ids and --json cannot be used together')
    expect(client).not.toHaveBeenCalled()
  })

  it('refuses a malformed query before building a client', async () => {
    const client = vi.fn(async () => server.client())
    const error = await refused(searchRequest(ask({words: ['nosuchfield=1']}), client))
    expect(error.kind).toBe('usage')
    expect(client).not.toHaveBeenCalled()
  })

  it('joins the words, limits to the default, and does not ask for the index when the query is the same on each', async () => {
    const client = vi.fn(async () => server.client())
    const request = await searchRequest(ask({words: ['status=FAILED', 'and', 'workflow=orders']}), client)
    expect(request.source).toBe('status=FAILED and workflow=orders')
    expect(request.backend.backend).toBe('unknown')
    expect(client).not.toHaveBeenCalled()
    expect(request.limit).toBe(DEFAULT_LIMIT)
    expect(request.all).toBe(false)
    expect(request.search.query).toContain('workflowType="orders"')
  })

  it('asks the server for its index under --explain, and for free text that Postgres reads otherwise (several words)', async () => {
    for (const extra of [{explain: true}, {text: 'two words'}]) {
      sqliteServer()
      const request = await searchRequest(ask({words: ['status=FAILED'], ...extra}), async () => server.client())
      expect(request.backend.backend).toBe('sqlite')
    }
  })

  it('--group-by on workflows adds the failed statuses unless the query names one, and says so', async () => {
    sqliteServer()
    const notes: string[] = []
    const request = await searchRequest(
      ask({words: ['workflow=orders'], groupBy: 'reason'}),
      async () => server.client(),
      (n) => notes.push(n),
    )
    expect(request.source).toBe('workflow=orders and status in (FAILED, TIMED_OUT)')
    expect(notes).toEqual(['Grouping failed executions: workflow=orders and status in (FAILED, TIMED_OUT)'])
    expect(request.all).toBe(true)
    expect(request.limit).toBeUndefined()
    sqliteServer()
    const named = await searchRequest(
      ask({groupBy: 'reason'}),
      async () => server.client(),
      (n) => notes.push(n),
    )
    expect(named.source).toBe('status=FAILED')
    expect(notes).toHaveLength(1)
  })

  it('--explain cuts the first page to the limit', async () => {
    sqliteServer()
    const request = await searchRequest(ask({limit: 7}), async () => server.client())
    const explanation = await explainRequest(request)
    expect(explanation.params.size).toBe(7)
  })

  it('requestPages sends the compiled query and yields the rows', async () => {
    sqliteServer()
    const request = await searchRequest(ask({limit: 2}), async () => server.client())
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/workflow/search?'), method: 'GET'})
      .reply(200, {totalHits: 1, results: [{workflowId: 'w1', status: 'FAILED'}]}, JSON_HEADERS)
    const rows = []
    for await (const page of await requestPages(server.client(), request)) rows.push(...page.rows)
    expect(rows).toEqual([{workflowId: 'w1', status: 'FAILED'}])
  })
})
