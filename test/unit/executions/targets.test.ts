import {describe, expect, it} from 'vitest'
import {CliError} from '../../../src/lib/errors.js'
import {
  argumentIds,
  fromList,
  fromQuery,
  readIds,
  SAMPLE_SIZE,
  type Targets,
} from '../../../src/lib/executions/targets.js'
import {mockServer, MOCK_ORIGIN} from '../../helpers/mock-server.js'
import {rejectionOf} from '../../helpers/rejection.js'

const ORIGIN = MOCK_ORIGIN
const mock = mockServer()
const client = mock.client
const pool = mock.pool

/** A stream of stdin chunks, as process.stdin gives them (Buffers) or as strings. */
async function* stream(...chunks: (string | Buffer)[]): AsyncGenerator<string | Buffer> {
  for (const chunk of chunks) yield chunk
}

async function collect(ids: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = []
  for await (const id of ids) all.push(id)
  return all
}

const rejection = (promise: Promise<unknown>): Promise<CliError> => rejectionOf(promise, CliError)

function thrown(fn: () => unknown): CliError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(CliError)
    return error as CliError
  }
  throw new Error('expected a CliError, nothing was thrown')
}

describe('readIds', () => {
  it('splits on newlines and any whitespace, ignoring blank lines', async () => {
    expect(await readIds(stream('a1\n\n  b2\tc3 \r\nd4\n\n'))).toEqual(['a1', 'b2', 'c3', 'd4'])
  })

  it('joins an id split across chunks (strings and Buffers)', async () => {
    expect(await readIds(stream('aaaa-11', '11\nbbbb', '-2222\ncc', 'cc-3333'))).toEqual([
      'aaaa-1111',
      'bbbb-2222',
      'cccc-3333',
    ])
    expect(await readIds(stream(Buffer.from('0f3e'), Buffer.from('a1b2\n9c'), Buffer.from('d0\n')))).toEqual([
      '0f3ea1b2',
      '9cd0',
    ])
  })

  it('does not join ids when a chunk ends or starts with the separator', async () => {
    expect(await readIds(stream('a\n', 'b', '\nc', ' ', 'd'))).toEqual(['a', 'b', 'c', 'd'])
  })

  it('keeps the last id without a trailing newline', async () => {
    expect(await readIds(stream('a\nb'))).toEqual(['a', 'b'])
    expect(await readIds(stream('only'))).toEqual(['only'])
  })

  it('drops repeats and keeps the order of first appearance', async () => {
    expect(await readIds(stream('c\nb\nc\na\nb\n', 'c\nd\n'))).toEqual(['c', 'b', 'a', 'd'])
  })

  it('gives an empty list for empty or blank input', async () => {
    expect(await readIds(stream())).toEqual([])
    expect(await readIds(stream('', '\n \n\t', '  '))).toEqual([])
  })

  it('refuses the table `conductor search` prints when piped (usage, exit 2)', async () => {
    const table = [
      'ID                                    WORKFLOW   VERSION  STATUS  START                 DURATION',
      '5c0e9d1e-2f0b-4a8c-9f3e-1d2c3b4a5e6f  greetings  1        FAILED  2026-11-27 10:00:00Z  1.2s',
      '',
    ].join('\n')
    const error = await rejection(readIds(stream(table)))
    expect(error.kind).toBe('usage')
    expect(error.exitCode).toBe(2)
    expect(error.message).toBe('stdin does not look like a list of ids (found "ID")')
    expect(error.hint).toContain('--ids | conductor retry - --yes')
  })

  it('refuses CSV, even split across chunks', async () => {
    const csv = 'workflowId,workflowType,version,status\n5c0e9d1e,greetings,1,FAILED\n'
    const error = await rejection(readIds(stream(csv.slice(0, 7), csv.slice(7))))
    expect(error.kind).toBe('usage')
    expect(error.message).toContain('found "workflowId,workflowType,version,status"')
  })

  it('refuses a terminal table with box-drawing borders and a jsonl line', async () => {
    const boxed = '┌──────┬────────┐\n│ ID   │ Status │\n├──────┼────────┤\n│ w1   │ FAILED │\n└──────┴────────┘\n'
    expect((await rejection(readIds(stream(boxed)))).message).toContain('found "┌──────┬────────┐"')
    expect((await rejection(readIds(stream('{"workflowId":"w1","status":"FAILED"}\n')))).kind).toBe('usage')
    expect((await rejection(readIds(stream('w1 | w2\n')))).kind).toBe('usage')
  })

  it('refuses a workflowId header line, but only as the first word', async () => {
    expect((await rejection(readIds(stream('workflowId\nw1\n')))).kind).toBe('usage')
    // an execution could be named anything after the first one: not a header there
    expect(await readIds(stream('w1\nID\n'))).toEqual(['w1', 'ID'])
  })

  it('refuses the task table `search --tasks` prints when piped: its header is in capitals', async () => {
    const table = 'TASK ID   WORKFLOW ID   TASK  STATUS\nt-1  wf-1  charge  FAILED\n'
    const error = await rejection(readIds(stream(table)))
    expect(error.kind).toBe('usage')
    expect(error.message).toBe('stdin does not look like a list of ids (found "TASK")')
  })

  it('refuses YAML and JSON output (-o yaml, -o json)', async () => {
    expect((await rejection(readIds(stream('- workflowId: wf-1\n  status: FAILED\n')))).message).toContain('found "-"')
    expect((await rejection(readIds(stream('workflowId: wf-1\n')))).message).toContain('found "workflowId:"')
    expect((await rejection(readIds(stream('[\n  "wf-1"\n]\n')))).message).toContain('found "["')
    // ids themselves pass: UUIDs, and names with dots, underscores and hyphens
    expect(await readIds(stream('5c0e9d1e-2f0b-4a8c-9f3e-1d2c3b4a5e6f\norders.1_wf-2\n'))).toEqual([
      '5c0e9d1e-2f0b-4a8c-9f3e-1d2c3b4a5e6f',
      'orders.1_wf-2',
    ])
  })

  it('cuts a long offending word to 40 characters in the message', async () => {
    const word = `${'x'.repeat(50)},y`
    const error = await rejection(readIds(stream(`${word}\n`)))
    expect(error.message).toBe(`stdin does not look like a list of ids (found "${'x'.repeat(40)}")`)
  })
})

describe('argumentIds', () => {
  it('is undefined without arguments (the command then needs --query or `-`)', () => {
    expect(argumentIds([])).toBeUndefined()
  })

  it('is stdin for a lone `-`', () => {
    expect(argumentIds(['-'])).toBe('stdin')
  })

  it('refuses `-` mixed with ids, wherever it is', () => {
    for (const argv of [
      ['w1', '-'],
      ['-', 'w1'],
      ['w1', '-', 'w2'],
    ]) {
      const error = thrown(() => argumentIds(argv))
      expect(error.kind).toBe('usage')
      expect(error.exitCode).toBe(2)
      expect(error.message).toBe('`-` (ids on stdin) cannot be combined with ids as arguments')
      expect(error.hint).toContain('`-` alone')
    }
  })

  it('gives the ids once each, in order, as strings', () => {
    expect(argumentIds(['w2', 'w1', 'w2', 'w3', 'w1'])).toEqual(['w2', 'w1', 'w3'])
    expect(argumentIds([42, 'w1'])).toEqual(['42', 'w1'])
  })

  it('refuses an unknown flag that landed among the ids', () => {
    const error = thrown(() => argumentIds(['w1', '--forse']))
    expect(error.kind).toBe('usage')
    expect(error.message).toBe('Unknown flag --forse')
    expect(thrown(() => argumentIds(['-x'])).message).toBe('Unknown flag -x')
  })
})

describe('fromList', () => {
  it('counts every id exactly, samples the first few, streams them all', async () => {
    const ids = Array.from({length: SAMPLE_SIZE + 3}, (_, i) => `w${i}`)
    const targets = fromList('stdin', ids)
    expect(targets).toMatchObject({source: 'stdin', count: ids.length, upTo: false})
    expect(targets.sample).toEqual(ids.slice(0, SAMPLE_SIZE).map((id) => ({id})))
    expect(await collect(targets.ids)).toEqual(ids)
  })

  it('samples fewer when there are fewer', async () => {
    const targets = fromList('args', ['a', 'b'])
    expect(targets.sample).toEqual([{id: 'a'}, {id: 'b'}])
    expect(await collect(targets.ids)).toEqual(['a', 'b'])
  })
})

describe('fromQuery', () => {
  const NOW = Date.UTC(2026, 10, 27, 12)
  const T0 = Date.UTC(2026, 10, 27)

  /** A WorkflowSummary as the 3.32 server returns it (times as ISO strings, input/output as strings). */
  const summary = (n: number, extra: Record<string, unknown> = {}) => ({
    workflowType: 'orders',
    version: 1,
    workflowId: `wf-${n}`,
    correlationId: `order-${n}`,
    startTime: new Date(T0 - n * 60_000).toISOString(),
    updateTime: new Date(T0 - n * 60_000 + 5000).toISOString(),
    endTime: new Date(T0 - n * 60_000 + 5000).toISOString(),
    status: 'FAILED',
    input: '{}',
    output: '{}',
    reasonForIncompletion: 'boom',
    executionTime: 5000,
    event: '',
    failedReferenceTaskNames: 'charge',
    failedTaskNames: ['charge'],
    priority: 0,
    parentWorkflowId: '',
    ...extra,
  })

  /** Records each search request's parameters; replies in the order given. */
  function searchServer(replies: {totalHits: number; results: unknown[]}[]): URLSearchParams[] {
    const requests: URLSearchParams[] = []
    for (const reply of replies)
      pool()
        .intercept({method: 'GET', path: (p: string) => new URL(p, ORIGIN).pathname === '/api/workflow/search'})
        .reply<object>((options) => {
          requests.push(new URL(options.path, ORIGIN).searchParams)
          return {statusCode: 200, data: reply, responseOptions: {headers: {'content-type': 'application/json'}}}
        })
    return requests
  }

  it('reads the first page for the count and the sample, and sends the compiled query', async () => {
    const requests = searchServer([
      {
        totalHits: 7,
        results: [1, 2, 3, 4, 5, 6, 7].map((n) =>
          summary(n, n === 2 ? {workflowType: 'billing', status: 'TIMED_OUT'} : {}),
        ),
      },
    ])
    const targets = await fromQuery(client(), 'status=FAILED and workflow=orders', {now: NOW})
    expect(targets).toMatchObject({source: 'query', count: 7, upTo: false})
    expect(targets.sample).toEqual([
      {id: 'wf-1', workflowType: 'orders', status: 'FAILED'},
      {id: 'wf-2', workflowType: 'billing', status: 'TIMED_OUT'},
      {id: 'wf-3', workflowType: 'orders', status: 'FAILED'},
      {id: 'wf-4', workflowType: 'orders', status: 'FAILED'},
      {id: 'wf-5', workflowType: 'orders', status: 'FAILED'},
    ])
    expect(requests).toHaveLength(1)
    expect(Object.fromEntries(requests[0] as URLSearchParams)).toEqual({
      start: '0',
      size: '1000',
      sort: 'startTime:DESC|workflowId:ASC',
      freeText: '*',
      query: 'status="FAILED" AND workflowType="orders"',
    })
    expect(await collect(targets.ids)).toEqual(['wf-1', 'wf-2', 'wf-3', 'wf-4', 'wf-5', 'wf-6', 'wf-7'])
    expect(requests).toHaveLength(1)
  })

  it('fetches later pages only as the stream is consumed', async () => {
    // 5 matches, 2 a page: each later request asks for startTime up to the last one read (keyset) and
    // gets that row again (dropped), as a real server would.
    const rows = [1, 2, 3, 4, 5].map((n) => summary(n))
    const requests = searchServer([
      {totalHits: 5, results: rows.slice(0, 2)},
      {totalHits: 4, results: rows.slice(1, 4)},
      {totalHits: 2, results: rows.slice(3, 5)},
    ])
    const targets = await fromQuery(client(), 'status=FAILED', {now: NOW, pageSize: 2})
    expect(targets.count).toBe(5)
    expect(targets.sample.map((s) => s.id)).toEqual(['wf-1', 'wf-2'])
    expect(requests).toHaveLength(1)

    const it = targets.ids[Symbol.asyncIterator]()
    expect((await it.next()).value).toBe('wf-1')
    expect((await it.next()).value).toBe('wf-2')
    expect(requests).toHaveLength(1)
    expect((await it.next()).value).toBe('wf-3')
    expect(requests).toHaveLength(2)
    expect(Object.fromEntries(requests[1] as URLSearchParams)).toMatchObject({
      start: '0',
      size: '3',
      query: `status="FAILED" AND startTime<${T0 - 2 * 60_000 + 1}`,
    })
    expect((await it.next()).value).toBe('wf-4')
    expect(requests).toHaveLength(2)
    expect((await it.next()).value).toBe('wf-5')
    expect(requests).toHaveLength(3)
    expect(await it.next()).toEqual({done: true, value: undefined})
    expect(requests).toHaveLength(3)
    expect(mock.agent.pendingInterceptors()).toHaveLength(0)
  })

  it('does not read further when the consumer stops early', async () => {
    const rows = [1, 2, 3].map((n) => summary(n))
    const requests = searchServer([
      {totalHits: 3, results: rows.slice(0, 2)},
      {totalHits: 2, results: rows.slice(1, 3)},
    ])
    const targets = await fromQuery(client(), 'status=FAILED', {now: NOW, pageSize: 2})
    for await (const id of targets.ids) if (id === 'wf-2') break
    expect(requests).toHaveLength(1)
    expect(mock.agent.pendingInterceptors()).toHaveLength(1)
  })

  it('filters versions itself: the count is an upper bound (upTo), the sample and ids only matching rows', async () => {
    const requests = searchServer([
      {
        totalHits: 4,
        results: [
          summary(1, {version: 2}),
          summary(2, {version: 1}),
          summary(3, {version: 2}),
          summary(4, {version: 3}),
        ],
      },
    ])
    const targets = await fromQuery(client(), 'workflow=orders and version=2', {now: NOW})
    expect(targets).toMatchObject({count: 4, upTo: true})
    expect(targets.sample.map((s) => s.id)).toEqual(['wf-1', 'wf-3'])
    expect(await collect(targets.ids)).toEqual(['wf-1', 'wf-3'])
    // the server cannot filter on version: it is not in the query sent
    expect(requests[0]?.get('query')).toBe('workflowType="orders"')
  })

  it('gives nothing for no match, after one request', async () => {
    const requests = searchServer([{totalHits: 0, results: []}])
    const targets = await fromQuery(client(), 'status=PAUSED', {now: NOW})
    expect(targets).toMatchObject({source: 'query', count: 0, upTo: false, sample: []})
    expect(await collect(targets.ids)).toEqual([])
    expect(requests).toHaveLength(1)
  })

  it('resolves relative times against the injected clock', async () => {
    const requests = searchServer([{totalHits: 0, results: []}])
    await fromQuery(client(), 'status=FAILED and since 2h', {now: NOW})
    expect(requests[0]?.get('query')).toBe(`status="FAILED" AND startTime>${NOW - 2 * 3_600_000 - 1}`)
  })

  it('rewrites the hint for a task field (no --tasks for control commands), sending nothing', async () => {
    searchServer([{totalHits: 0, results: []}])
    for (const query of ['task=charge and status=FAILED', 'taskType=HTTP']) {
      const error = await rejection(fromQuery(client(), query, {now: NOW}))
      expect(error.kind).toBe('usage')
      expect(error.message).toContain('is not a field of workflow search')
      expect(error.hint).toContain('--query finds executions by workflow fields')
      expect(error.hint).toContain('conductor search --tasks "…" --all --ids | conductor COMMAND - --yes')
      expect(error.hint).not.toContain('search tasks with --tasks')
    }
    expect(mock.agent.pendingInterceptors()).toHaveLength(1)
  })

  it('keeps the hint of other query errors', async () => {
    searchServer([{totalHits: 0, results: []}])
    const unknown = await rejection(fromQuery(client(), 'stauts=FAILED', {now: NOW}))
    expect(unknown.kind).toBe('usage')
    expect(unknown.message).toContain('unknown field "stauts" (did you mean status?)')
    expect(unknown.hint).toContain('Fields of workflow search')
    const badStatus = await rejection(fromQuery(client(), 'status=FIALED', {now: NOW}))
    expect(badStatus.hint).toContain('Workflow statuses: RUNNING')
    expect(mock.agent.pendingInterceptors()).toHaveLength(1)
  })

  it('fails at once when the first page fails', async () => {
    pool()
      .intercept({path: (p: string) => p.startsWith('/api/workflow/search?'), method: 'GET'})
      .reply(400, {
        status: 400,
        message: 'Cannot return more than 5000 workflows. Please use pagination.',
        instance: 'conductor',
      })
    const error = await rejection(fromQuery(client(), 'status=FAILED', {now: NOW}))
    expect(error.kind).toBe('invalid')
    expect(error.message).toContain('Cannot return more than 5000 workflows')
  })

  it('surfaces a later page failing while the stream is read, after the ids already given', async () => {
    const rows = [1, 2, 3].map((n) => summary(n))
    searchServer([{totalHits: 3, results: rows.slice(0, 2)}])
    pool()
      .intercept({path: (p: string) => p.startsWith('/api/workflow/search?'), method: 'GET'})
      .reply(500, {status: 500, message: 'Error while querying the index', instance: 'conductor', retryable: false})
    const targets: Targets = await fromQuery(client(), 'status=FAILED', {now: NOW, pageSize: 2})
    const seen: string[] = []
    const error = await rejection(
      (async () => {
        for await (const id of targets.ids) seen.push(id)
      })(),
    )
    expect(seen).toEqual(['wf-1', 'wf-2'])
    expect(error.kind).toBe('server')
    expect(error.message).toContain('Error while querying the index')
  })

  it('refuses an answer that is not a search result', async () => {
    pool()
      .intercept({path: (p: string) => p.startsWith('/api/workflow/search?'), method: 'GET'})
      .reply(200, [{workflowId: 'wf-1'}])
    const error = await rejection(fromQuery(client(), 'status=FAILED', {now: NOW}))
    expect(error.kind).toBe('server')
    expect(error.message).toContain('the answer is not a search result')
  })
})
