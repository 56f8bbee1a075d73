import {describe, expect, it} from 'vitest'
import {ApiError, NetworkError} from '../../../src/lib/client/api-error.js'
import {CliError} from '../../../src/lib/errors.js'
import {
  BulkInterrupted,
  bulkEndpoint,
  chunks,
  DEFAULT_CHUNK,
  explainBulkFailure,
  MAX_BULK_IDS,
  needsSingleCalls,
  newExplainer,
  parseBulkResponse,
  PAST_TENSE,
  runBulk,
  sendChunk,
  singleAction,
  statusInMessage,
  successMessage,
  type BulkOperation,
} from '../../../src/lib/executions/bulk.js'
import type {ControlResult} from '../../../src/lib/executions/control.js'
import {mockServer, MOCK_ORIGIN} from '../../helpers/mock-server.js'
import {rejectionOf} from '../../helpers/rejection.js'

const ORIGIN = MOCK_ORIGIN
const mock = mockServer()
const client = mock.client
const pool = mock.pool
const JSON_HEADERS = {headers: {'content-type': 'application/json'}}

/** The server's BulkResponse<String> (reference §2.3): HTTP 200 even when every id failed. */
const bulkResponse = (successes: string[], errors: Record<string, string> = {}) => ({
  bulkErrorResults: errors,
  bulkSuccessfulResults: successes,
})
/** The server's ErrorResponse (reference §1). */
const errorResponse = (status: number, message: string) => ({
  status,
  message,
  instance: 'conductor-host',
  retryable: false,
})

interface Sent {
  method: string
  path: string
  query: Record<string, string>
  ids: string[]
}

/** Answers bulk requests to `path` with `answer(ids)`; records what was sent. */
function bulkServer(
  method: string,
  path: string,
  answer: (ids: string[]) => {statusCode?: number; body: object},
  options: {delayMs?: number; onRequest?: (sent: Sent) => void} = {},
): Sent[] {
  const sent: Sent[] = []
  const scope = pool()
    .intercept({method, path: (p: string) => new URL(p, ORIGIN).pathname === `/api${path}`})
    .reply<object>((request) => {
      const url = new URL(request.path, ORIGIN)
      const ids = JSON.parse(String(request.body)) as string[]
      const record = {method: request.method, path: url.pathname, query: Object.fromEntries(url.searchParams), ids}
      sent.push(record)
      options.onRequest?.(record)
      const {statusCode = 200, body} = answer(ids)
      return {statusCode, data: body, responseOptions: JSON_HEADERS}
    })
    .persist()
  if (options.delayMs) scope.delay(options.delayMs)
  return sent
}

/** Every id succeeded (what the server answers when each id was acted on). */
const allSucceeded = (ids: string[]) => ({body: bulkResponse(ids)})

/** GET /api/workflow/{id}/status, the server's WorkflowStatus; records which ids were looked up. */
function statusServer(statuses: Record<string, string>): string[] {
  const asked: string[] = []
  pool()
    .intercept({
      method: 'GET',
      path: (p: string) => /^\/api\/workflow\/[^/]+\/status$/.test(new URL(p, ORIGIN).pathname),
    })
    .reply<object>((request) => {
      const id = decodeURIComponent(new URL(request.path, ORIGIN).pathname.split('/')[3] ?? '')
      asked.push(id)
      const status = statuses[id]
      if (!status)
        return {
          statusCode: 404,
          data: errorResponse(404, `No such workflow found by id: ${id}`),
          responseOptions: JSON_HEADERS,
        }
      return {
        statusCode: 200,
        data: {workflowId: id, correlationId: `c-${id}`, output: {}, variables: {}, status},
        responseOptions: JSON_HEADERS,
      }
    })
    .persist()
  return asked
}

async function* source(
  ids: readonly string[],
  options: {failAfter?: number; pulled?: {count: number}} = {},
): AsyncGenerator<string> {
  for (const [i, id] of ids.entries()) {
    if (options.failAfter !== undefined && i >= options.failAfter)
      throw new CliError('server', 'GET /api/workflow/search failed with HTTP 500: Error while querying the index')
    if (options.pulled) options.pulled.count++
    yield id
  }
}

const range = (n: number, prefix = 'wf-') => Array.from({length: n}, (_, i) => `${prefix}${String(i).padStart(4, '0')}`)

const interrupted = (promise: Promise<unknown>): Promise<BulkInterrupted> => rejectionOf(promise, BulkInterrupted)

describe('operations and endpoints', () => {
  it('names each operation in the past tense and reports the same success words as one by one', () => {
    expect(PAST_TENSE).toEqual({
      pause: 'paused',
      resume: 'resumed',
      retry: 'retried',
      restart: 'restarted',
      terminate: 'terminated',
      delete: 'deleted',
    })
    expect(successMessage('pause', {})).toBe('paused')
    expect(successMessage('resume', {})).toBe('resumed')
    expect(successMessage('terminate', {reason: 'x'})).toBe('terminated')
    expect(successMessage('retry', {})).toBe('retrying from the failed task (RUNNING again)')
    expect(successMessage('restart', {})).toBe('restarted from the first task')
    expect(successMessage('restart', {useLatestDefinitions: true})).toBe('restarted with the latest definition')
    expect(successMessage('delete', {})).toBe('deleted')
    expect(successMessage('delete', {archive: true})).toBe('deleted (archived)')
  })

  it('maps each operation to its bulk endpoint, with our defaults spelled out', () => {
    expect(bulkEndpoint('pause', {})).toEqual({method: 'PUT', path: '/workflow/bulk/pause', query: {}})
    expect(bulkEndpoint('resume', {})).toEqual({method: 'PUT', path: '/workflow/bulk/resume', query: {}})
    expect(bulkEndpoint('retry', {})).toEqual({method: 'POST', path: '/workflow/bulk/retry', query: {}})
    expect(bulkEndpoint('restart', {})).toEqual({
      method: 'POST',
      path: '/workflow/bulk/restart',
      query: {useLatestDefinitions: false},
    })
    expect(bulkEndpoint('restart', {useLatestDefinitions: true}).query).toEqual({useLatestDefinitions: true})
    expect(bulkEndpoint('terminate', {reason: 'cleanup'})).toEqual({
      method: 'POST',
      path: '/workflow/bulk/terminate',
      query: {reason: 'cleanup'},
    })
    expect(bulkEndpoint('terminate', {}).query).toEqual({reason: undefined})
    // the server's default is archiveWorkflow=true: ours is to delete
    expect(bulkEndpoint('delete', {})).toEqual({
      method: 'DELETE',
      path: '/workflow/bulk/remove',
      query: {archiveWorkflow: false},
    })
    expect(bulkEndpoint('delete', {archive: true}).query).toEqual({archiveWorkflow: true})
  })

  it('goes one id at a time only for retry with resumeSubworkflowTasks (bulk retry cannot)', () => {
    expect(needsSingleCalls('retry', {resumeSubworkflowTasks: true})).toBe(true)
    expect(needsSingleCalls('retry', {resumeSubworkflowTasks: false})).toBe(false)
    expect(needsSingleCalls('retry', {})).toBe(false)
    for (const op of ['pause', 'resume', 'restart', 'terminate', 'delete'] as const)
      expect(needsSingleCalls(op, {resumeSubworkflowTasks: true})).toBe(false)
  })

  it('singleAction calls the one-execution endpoint with the settings', async () => {
    pool().intercept({method: 'POST', path: '/api/workflow/wf-1/retry?resumeSubworkflowTasks=true'}).reply(204, '')
    pool().intercept({method: 'POST', path: '/api/workflow/wf-2/restart?useLatestDefinitions=true'}).reply(204, '')
    pool().intercept({method: 'DELETE', path: '/api/workflow/wf-3?reason=no+longer+needed'}).reply(204, '')
    pool().intercept({method: 'DELETE', path: '/api/workflow/wf-4/remove?archiveWorkflow=true'}).reply(200, '')
    pool().intercept({method: 'PUT', path: '/api/workflow/wf%2F5/pause'}).reply(200, '')
    expect(await singleAction(client(), 'retry', {resumeSubworkflowTasks: true})('wf-1')).toBe(
      'retrying from the failed task (RUNNING again)',
    )
    expect(await singleAction(client(), 'restart', {useLatestDefinitions: true})('wf-2')).toBe(
      'restarted with the latest definition',
    )
    expect(await singleAction(client(), 'terminate', {reason: 'no longer needed'})('wf-3')).toBe('terminated')
    expect(await singleAction(client(), 'delete', {archive: true})('wf-4')).toBe('deleted (archived)')
    expect(await singleAction(client(), 'pause', {})('wf/5')).toBe('paused')
    expect(mock.agent.pendingInterceptors()).toHaveLength(0)
  })
})

describe('parseBulkResponse', () => {
  it('reads the successes and the per-id errors', () => {
    const parsed = parseBulkResponse(
      bulkResponse(['a', 'b'], {c: 'No such workflow found by id: c'}),
      'PUT /api/workflow/bulk/pause',
    )
    expect([...parsed.succeeded]).toEqual(['a', 'b'])
    expect([...parsed.failed]).toEqual([['c', 'No such workflow found by id: c']])
  })

  it('takes a missing list as empty, and a non-string message as its JSON', () => {
    expect([...parseBulkResponse({bulkSuccessfulResults: ['a']}, 'x').succeeded]).toEqual(['a'])
    expect(parseBulkResponse({bulkErrorResults: {a: 'boom'}}, 'x').succeeded.size).toBe(0)
    expect(parseBulkResponse({bulkErrorResults: {a: {code: 7}}}, 'x').failed.get('a')).toBe('{"code":7}')
  })

  it('refuses what is not a bulk response (server error)', () => {
    for (const body of [
      undefined,
      null,
      {bulkErrorResults: ['a'], bulkSuccessfulResults: []},
      {bulkErrorResults: {}, bulkSuccessfulResults: 'a'},
      {bulkErrorResults: 'a'},
    ]) {
      let error: unknown
      try {
        parseBulkResponse(body, 'POST /api/workflow/bulk/retry')
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(CliError)
      expect(error).toMatchObject({
        kind: 'server',
        message:
          'POST /api/workflow/bulk/retry: the answer is not a bulk response ({bulkErrorResults, bulkSuccessfulResults})',
      })
    }
  })
})

describe('statusInMessage', () => {
  it("finds the status in the server's refusals", () => {
    expect(statusInMessage('Workflow is still running.  status=RUNNING')).toBe('RUNNING')
    expect(statusInMessage('The workflow wf-1 is not PAUSED so cannot resume. Current status is RUNNING')).toBe(
      'RUNNING',
    )
    expect(statusInMessage('Cannot archive workflow: wf-1 with status: RUNNING')).toBe('RUNNING')
    expect(statusInMessage('Workflow: orders.1/wf-1.PAUSED is not in terminal state, unable to restart.')).toBe(
      'PAUSED',
    )
    expect(statusInMessage('Cannot terminate a COMPLETED workflow.')).toBe('COMPLETED')
    expect(statusInMessage('Workflow is still running.  status=TIMED_OUT')).toBe('TIMED_OUT')
  })

  it('is undefined when no status is named (or the word is not a status)', () => {
    expect(statusInMessage('Workflow orders.1/wf-1 has ended, status cannot be updated.')).toBeUndefined()
    expect(statusInMessage('No such workflow found by id: wf-1')).toBeUndefined()
    expect(
      statusInMessage(
        'There are no retryable tasks! Use restart if you want to attempt entire workflow execution again.',
      ),
    ).toBeUndefined()
    expect(statusInMessage('status=running')).toBeUndefined()
  })
})

describe('explainBulkFailure', () => {
  it('explains a refusal in the words of a single-id refusal', () => {
    expect(explainBulkFailure('pause', 'wf-1', 'No such workflow found by id: wf-1', undefined, {})).toEqual({
      id: 'wf-1',
      ok: false,
      kind: 'notFound',
      message: 'no execution with id wf-1',
      hint: 'Check the id; the execution may have been deleted.',
    })
    expect(
      explainBulkFailure('retry', 'wf-1', 'Workflow is still running.  status=RUNNING', 'RUNNING', {}),
    ).toMatchObject({
      kind: 'conflict',
      message: 'retry only applies to FAILED, TIMED_OUT or TERMINATED workflows; this one is RUNNING',
    })
    expect(
      explainBulkFailure('delete', 'wf-1', 'Cannot archive workflow: wf-1 with status: RUNNING', 'RUNNING', {
        archive: true,
      }),
    ).toMatchObject({
      kind: 'conflict',
      message: 'wf-1 is RUNNING: only an ended workflow can be archived',
    })
  })

  it("keeps the server's words when nothing explains them", () => {
    expect(explainBulkFailure('pause', 'wf-1', 'Error while updating the workflow', undefined, {})).toEqual({
      id: 'wf-1',
      ok: false,
      message: 'Error while updating the workflow',
      kind: 'conflict',
    })
  })
})

describe('chunks', () => {
  it('groups a stream into arrays of at most `size`, the last one shorter', async () => {
    const out: string[][] = []
    for await (const chunk of chunks(source(range(7)), 3)) out.push(chunk)
    expect(out).toEqual([range(7).slice(0, 3), range(7).slice(3, 6), range(7).slice(6)])
  })

  it('gives nothing for an empty stream and no empty last chunk for an exact multiple', async () => {
    const none: string[][] = []
    for await (const chunk of chunks(source([]), 3)) none.push(chunk)
    expect(none).toEqual([])
    const exact: string[][] = []
    for await (const chunk of chunks(source(range(6)), 3)) exact.push(chunk)
    expect(exact.map((c) => c.length)).toEqual([3, 3])
  })
})

describe('sendChunk', () => {
  it('sends the ids as a JSON array and reports each id in the order given', async () => {
    const sent = bulkServer('PUT', '/workflow/bulk/pause', () => ({
      body: bulkResponse(['wf-3', 'wf-1'], {'wf-2': 'No such workflow found by id: wf-2'}),
    }))
    const asked = statusServer({})
    const results = await sendChunk(client(), 'pause', ['wf-1', 'wf-2', 'wf-3'], {})
    expect(sent).toEqual([{method: 'PUT', path: '/api/workflow/bulk/pause', query: {}, ids: ['wf-1', 'wf-2', 'wf-3']}])
    expect(results).toEqual([
      {id: 'wf-1', ok: true, message: 'paused'},
      {
        id: 'wf-2',
        ok: false,
        kind: 'notFound',
        message: 'no execution with id wf-2',
        hint: 'Check the id; the execution may have been deleted.',
      },
      {id: 'wf-3', ok: true, message: 'paused'},
    ])
    // "no such workflow" needs no status lookup
    expect(asked).toEqual([])
  })

  it('sends the query each operation needs', async () => {
    const restart = bulkServer('POST', '/workflow/bulk/restart', allSucceeded)
    const terminate = bulkServer('POST', '/workflow/bulk/terminate', allSucceeded)
    const remove = bulkServer('DELETE', '/workflow/bulk/remove', allSucceeded)
    const retry = bulkServer('POST', '/workflow/bulk/retry', allSucceeded)
    expect(await sendChunk(client(), 'restart', ['a'], {useLatestDefinitions: true})).toEqual([
      {id: 'a', ok: true, message: 'restarted with the latest definition'},
    ])
    expect(await sendChunk(client(), 'terminate', ['b'], {reason: 'bad deploy & rollback'})).toEqual([
      {id: 'b', ok: true, message: 'terminated'},
    ])
    expect(await sendChunk(client(), 'delete', ['c'], {})).toEqual([{id: 'c', ok: true, message: 'deleted'}])
    expect(await sendChunk(client(), 'retry', ['d'], {})).toEqual([
      {id: 'd', ok: true, message: 'retrying from the failed task (RUNNING again)'},
    ])
    expect(restart[0]?.query).toEqual({useLatestDefinitions: 'true'})
    expect(terminate[0]?.query).toEqual({reason: 'bad deploy & rollback'})
    expect(remove[0]).toEqual({
      method: 'DELETE',
      path: '/api/workflow/bulk/remove',
      query: {archiveWorkflow: 'false'},
      ids: ['c'],
    })
    expect(retry[0]?.query).toEqual({})
  })

  it('explains refusals that name the status without asking the server', async () => {
    bulkServer('PUT', '/workflow/bulk/resume', () => ({
      body: bulkResponse([], {'wf-1': 'The workflow wf-1 is not PAUSED so cannot resume. Current status is RUNNING'}),
    }))
    bulkServer('POST', '/workflow/bulk/retry', () => ({
      body: bulkResponse([], {
        'wf-2': 'Workflow is still running.  status=RUNNING',
        'wf-3': 'There are no retryable tasks! Use restart if you want to attempt entire workflow execution again.',
      }),
    }))
    const asked = statusServer({'wf-1': 'RUNNING', 'wf-2': 'RUNNING', 'wf-3': 'COMPLETED'})
    expect(await sendChunk(client(), 'resume', ['wf-1'], {})).toEqual([
      {
        id: 'wf-1',
        ok: false,
        kind: 'conflict',
        message: 'resume only applies to PAUSED workflows; this one is RUNNING',
        hint: 'It is already running; nothing to resume.',
      },
    ])
    const retried = await sendChunk(client(), 'retry', ['wf-2', 'wf-3'], {})
    expect(retried[0]).toMatchObject({
      id: 'wf-2',
      ok: false,
      kind: 'conflict',
      message: 'retry only applies to FAILED, TIMED_OUT or TERMINATED workflows; this one is RUNNING',
    })
    expect(retried[1]).toMatchObject({
      id: 'wf-3',
      ok: false,
      kind: 'conflict',
      message: 'nothing to retry in wf-3: no task failed or was cancelled',
    })
    expect(asked).toEqual([])
  })

  it('asks for the status of a refusal that names none, and explains it', async () => {
    bulkServer('PUT', '/workflow/bulk/pause', (ids) => ({
      body: bulkResponse(
        [],
        Object.fromEntries(ids.map((id) => [id, `Workflow orders.1/${id} has ended, status cannot be updated.`])),
      ),
    }))
    const asked = statusServer({'wf-1': 'COMPLETED', 'wf-2': 'FAILED'})
    const results = await sendChunk(client(), 'pause', ['wf-1', 'wf-2'], {})
    expect(asked.sort()).toEqual(['wf-1', 'wf-2'])
    expect(results[0]).toMatchObject({
      id: 'wf-1',
      ok: false,
      kind: 'conflict',
      message: 'pause only applies to RUNNING workflows; this one COMPLETED',
    })
    expect(results[1]).toMatchObject({
      id: 'wf-2',
      ok: false,
      kind: 'conflict',
      message: 'pause only applies to RUNNING workflows; this one is FAILED',
    })
    expect(results[1]?.hint).toContain('conductor execution retry wf-2')
  })

  it("keeps the server's words when the status lookup fails", async () => {
    bulkServer('PUT', '/workflow/bulk/pause', () => ({
      body: bulkResponse([], {'wf-gone': 'Workflow orders.1/wf-gone has ended, status cannot be updated.'}),
    }))
    const asked = statusServer({})
    expect(await sendChunk(client(), 'pause', ['wf-gone'], {})).toEqual([
      {
        id: 'wf-gone',
        ok: false,
        kind: 'conflict',
        message: 'Workflow orders.1/wf-gone has ended, status cannot be updated.',
      },
    ])
    expect(asked).toEqual(['wf-gone'])
  })

  it('makes at most 20 status lookups per explainer, shared between chunks', async () => {
    bulkServer('PUT', '/workflow/bulk/pause', (ids) => ({
      body: bulkResponse(
        [],
        Object.fromEntries(ids.map((id) => [id, `Workflow orders.1/${id} has ended, status cannot be updated.`])),
      ),
    }))
    const ids = range(30)
    const asked = statusServer(Object.fromEntries(ids.map((id) => [id, 'COMPLETED'])))
    const explainer = newExplainer()
    const first = await sendChunk(client(), 'pause', ids.slice(0, 15), {}, explainer)
    const second = await sendChunk(client(), 'pause', ids.slice(15), {}, explainer)
    expect(asked).toHaveLength(20)
    expect(explainer.lookups).toBe(0)
    const all = [...first, ...second]
    expect(all.filter((r) => r.kind === 'conflict' && !r.message.endsWith('status cannot be updated.'))).toHaveLength(
      20,
    )
    expect(
      all.slice(20).every((r) => r.kind === 'conflict' && r.message.endsWith('has ended, status cannot be updated.')),
    ).toBe(true)
  })

  it('fails an id the server did not report on', async () => {
    bulkServer('POST', '/workflow/bulk/terminate', () => ({body: bulkResponse(['wf-1'])}))
    expect(await sendChunk(client(), 'terminate', ['wf-1', 'wf-2'], {})).toEqual([
      {id: 'wf-1', ok: true, message: 'terminated'},
      {id: 'wf-2', ok: false, kind: 'server', message: 'the server did not report on this id'},
    ])
  })

  it('sends nothing for no ids and refuses more than the server takes', async () => {
    const sent = bulkServer('PUT', '/workflow/bulk/pause', allSucceeded)
    expect(await sendChunk(client(), 'pause', [], {})).toEqual([])
    await expect(sendChunk(client(), 'pause', range(MAX_BULK_IDS + 1), {})).rejects.toThrow(
      `bulk chunk of ${MAX_BULK_IDS + 1} ids (at most ${MAX_BULK_IDS})`,
    )
    expect(sent).toEqual([])
    expect(await sendChunk(client(), 'pause', range(MAX_BULK_IDS), {})).toHaveLength(MAX_BULK_IDS)
    expect(sent[0]?.ids).toHaveLength(MAX_BULK_IDS)
  })

  it('fails every id of a request the server failed, once, saying the server may have acted', async () => {
    // 503 is retried for safe requests; a bulk change is sent once (a second request would find no reply)
    pool()
      .intercept({method: 'POST', path: '/api/workflow/bulk/retry'})
      .reply(503, errorResponse(503, 'Service Unavailable'))
    const results = await sendChunk(client(), 'retry', ['wf-1', 'wf-2'], {})
    expect(results.map((r) => r.id)).toEqual(['wf-1', 'wf-2'])
    for (const r of results) {
      expect(r).toMatchObject({ok: false, kind: 'server'})
      expect(r.message).toBe(
        'POST /api/workflow/bulk/retry failed with HTTP 503: Service Unavailable (the server may have acted on it: check its status)',
      )
      expect(r.hint).toContain('conductor server logs')
    }
    expect(mock.agent.pendingInterceptors()).toHaveLength(0)
  })

  it('fails every id of a refused request without "may have acted" (400)', async () => {
    pool()
      .intercept({method: 'PUT', path: '/api/workflow/bulk/pause'})
      .reply(400, errorResponse(400, 'Cannot process more than 1000 workflows. Please use multiple requests.'))
    expect(await sendChunk(client(), 'pause', ['wf-1'], {})).toEqual([
      {
        id: 'wf-1',
        ok: false,
        kind: 'invalid',
        message:
          'PUT /api/workflow/bulk/pause failed with HTTP 400: Cannot process more than 1000 workflows. Please use multiple requests.',
      },
    ])
  })

  it('fails every id when the connection breaks after sending, without repeating the request', async () => {
    pool()
      .intercept({method: 'POST', path: '/api/workflow/bulk/restart?useLatestDefinitions=false'})
      .replyWithError(Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}))
    const results = await sendChunk(client(), 'restart', ['wf-1', 'wf-2'], {})
    for (const r of results) {
      expect(r).toMatchObject({ok: false, kind: 'network'})
      expect(r.message).toContain('connection reset by the server (the server may have acted on it: check its status)')
    }
    expect(mock.agent.pendingInterceptors()).toHaveLength(0)
  })

  it('fails every id of an answer cut off mid-body, saying the server may have acted, and goes on', async () => {
    pool()
      .intercept({method: 'PUT', path: '/api/workflow/bulk/pause'})
      .reply(200, '{"bulkErrorResults":{},"bulkSucc', JSON_HEADERS)
    const results = await sendChunk(client(), 'pause', ['wf-1', 'wf-2'], {})
    expect(results.map((r) => r.id)).toEqual(['wf-1', 'wf-2'])
    for (const r of results) {
      expect(r).toMatchObject({ok: false, kind: 'server'})
      expect(r.message).toContain(
        'body that is not JSON (cut off?) (the server may have acted on it: check its status)',
      )
      expect(r.hint).toContain('check before sending it again')
    }
    expect(mock.agent.pendingInterceptors()).toHaveLength(0)
  })

  it('fails every id of a request that never connected (connect timeout) without "may have acted"', async () => {
    pool()
      .intercept({method: 'PUT', path: '/api/workflow/bulk/resume'})
      .replyWithError(Object.assign(new Error('Connect Timeout Error'), {code: 'UND_ERR_CONNECT_TIMEOUT'}))
      .times(4)
    const results = await sendChunk(client(), 'resume', ['wf-1'], {})
    expect(results).toHaveLength(1)
    expect(results[0]).toMatchObject({id: 'wf-1', ok: false, kind: 'network'})
    expect(results[0]?.message).toContain('connect timeout')
    expect(results[0]?.message).not.toContain('may have acted')
  })

  it('throws what every later request would meet too: refused connection, authentication', async () => {
    pool()
      .intercept({method: 'PUT', path: '/api/workflow/bulk/pause'})
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'}))
      .times(4)
    const refused = await sendChunk(client(), 'pause', ['wf-1'], {}).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(NetworkError)
    expect(refused).toMatchObject({code: 'ECONNREFUSED', kind: 'network'})

    pool()
      .intercept({method: 'PUT', path: '/api/workflow/bulk/pause'})
      .reply(401, {status: 401, message: 'Unauthorized'})
    const denied = await sendChunk(client(), 'pause', ['wf-1'], {}).catch((e: unknown) => e)
    expect(denied).toBeInstanceOf(ApiError)
    expect(denied).toMatchObject({status: 401, kind: 'auth'})
  })

  it('fails every id when the answer is not a bulk response', async () => {
    pool().intercept({method: 'PUT', path: '/api/workflow/bulk/resume'}).reply(200, '')
    const results = await sendChunk(client(), 'resume', ['wf-1'], {})
    expect(results).toEqual([
      // a 200 the CLI cannot read (a proxy's page, another server): the request went through
      {
        id: 'wf-1',
        ok: false,
        kind: 'server',
        message:
          'PUT /api/workflow/bulk/resume: the answer is not a bulk response ({bulkErrorResults, bulkSuccessfulResults}) (the server may have acted on it: check its status)',
      },
    ])
  })
})

describe('runBulk', () => {
  it('sends chunks of chunkSize, in order, and returns a result per id in the order of the ids', async () => {
    const sent = bulkServer('PUT', '/workflow/bulk/pause', allSucceeded)
    const ids = range(7)
    const progress: [number, number][] = []
    const results = await runBulk(
      client(),
      'pause',
      source(ids),
      {},
      {chunkSize: 3, concurrency: 1, onProgress: (done, failed) => progress.push([done, failed])},
    )
    expect(sent.map((s) => s.ids)).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6)])
    expect(results).toEqual(ids.map((id) => ({id, ok: true, message: 'paused'})))
    expect(progress).toEqual([
      [3, 0],
      [6, 0],
      [7, 0],
    ])
  })

  it(`sends ${DEFAULT_CHUNK} ids a request by default, and never more than ${MAX_BULK_IDS}`, async () => {
    const sent = bulkServer('POST', '/workflow/bulk/terminate', allSucceeded)
    await runBulk(client(), 'terminate', source(range(600)), {reason: 'r'})
    expect(sent.map((s) => s.ids.length).sort((a, b) => b - a)).toEqual([250, 250, 100])
    expect(sent.every((s) => s.query.reason === 'r')).toBe(true)
    sent.length = 0
    const results = await runBulk(client(), 'terminate', source(range(1500)), {}, {chunkSize: 5000})
    expect(sent.map((s) => s.ids.length).sort((a, b) => b - a)).toEqual([1000, 500])
    expect(results).toHaveLength(1500)
    sent.length = 0
    await runBulk(client(), 'terminate', source(range(3)), {}, {chunkSize: 0})
    expect(sent.map((s) => s.ids.length)).toEqual([1, 1, 1])
  })

  it('keeps at most `concurrency` requests in flight, and the results in id order whatever order they answer in', async () => {
    let inflight = 0
    let most = 0
    let answered = 0
    const ids = range(10)
    // later chunks answer sooner: the first request is the slowest
    pool()
      .intercept({method: 'POST', path: '/api/workflow/bulk/retry'})
      .reply<object>((request) => {
        inflight++
        most = Math.max(most, inflight)
        const chunk = JSON.parse(String(request.body)) as string[]
        return {statusCode: 200, data: bulkResponse(chunk), responseOptions: JSON_HEADERS}
      })
      .delay(30)
      .persist()
    const results = await runBulk(
      client(),
      'retry',
      source(ids),
      {},
      {
        chunkSize: 1,
        concurrency: 3,
        onProgress: () => {
          inflight--
          answered++
        },
      },
    )
    expect(answered).toBe(10)
    expect(most).toBe(3)
    expect(results.map((r) => r.id)).toEqual(ids)
  })

  it('reads more ids only when a request slot is free', async () => {
    const pulled = {count: 0}
    const pulledWhenSent: number[] = []
    bulkServer('PUT', '/workflow/bulk/resume', allSucceeded, {
      delayMs: 20,
      onRequest: () => pulledWhenSent.push(pulled.count),
    })
    await runBulk(client(), 'resume', source(range(12), {pulled}), {}, {chunkSize: 2, concurrency: 2})
    // two requests in flight and at most one more chunk read ahead (6 ids) before anything answered
    expect(pulledWhenSent.slice(0, 2).every((n) => n <= 6)).toBe(true)
    expect(pulled.count).toBe(12)
  })

  it('goes on after a failed chunk and counts its ids as failed', async () => {
    const ids = range(6)
    pool()
      .intercept({method: 'PUT', path: '/api/workflow/bulk/pause'})
      .reply<object>((request) => {
        const chunk = JSON.parse(String(request.body)) as string[]
        if (chunk.includes(ids[2] as string))
          return {
            statusCode: 500,
            data: errorResponse(500, 'Error while updating the workflow'),
            responseOptions: JSON_HEADERS,
          }
        return {statusCode: 200, data: bulkResponse(chunk), responseOptions: JSON_HEADERS}
      })
      .persist()
    const progress: [number, number][] = []
    const results = await runBulk(
      client(),
      'pause',
      source(ids),
      {},
      {chunkSize: 2, concurrency: 1, onProgress: (d, f) => progress.push([d, f])},
    )
    expect(results.map((r) => r.ok)).toEqual([true, true, false, false, true, true])
    expect(results[2]).toMatchObject({
      kind: 'server',
      message: expect.stringContaining('HTTP 500: Error while updating the workflow') as unknown,
    })
    expect(progress.at(-1)).toEqual([6, 2])
  })

  it('stops on a refusal every later request would meet (401): BulkInterrupted with what was done', async () => {
    const sent: string[][] = []
    pool()
      .intercept({method: 'DELETE', path: '/api/workflow/bulk/remove?archiveWorkflow=true'})
      .reply<object>((request) => {
        const chunk = JSON.parse(String(request.body)) as string[]
        sent.push(chunk)
        if (sent.length === 1) return {statusCode: 200, data: bulkResponse(chunk), responseOptions: JSON_HEADERS}
        return {statusCode: 401, data: {status: 401, message: 'Token expired'}, responseOptions: JSON_HEADERS}
      })
      .persist()
    const error = await interrupted(
      runBulk(client(), 'delete', source(range(8)), {archive: true}, {chunkSize: 2, concurrency: 1}),
    )
    expect(sent).toHaveLength(2)
    expect(error.results).toEqual(range(2).map((id) => ({id, ok: true, message: 'deleted (archived)'})))
    expect(error.cause).toBeInstanceOf(ApiError)
    expect(error.cause).toMatchObject({status: 401, kind: 'auth'})
  })

  it('stops when the source of ids fails, after the chunks in flight have answered', async () => {
    const sent = bulkServer('POST', '/workflow/bulk/retry', allSucceeded, {delayMs: 10})
    const error = await interrupted(
      runBulk(client(), 'retry', source(range(10), {failAfter: 5}), {}, {chunkSize: 2, concurrency: 4}),
    )
    expect(sent.map((s) => s.ids)).toEqual([range(2), range(4).slice(2)])
    expect(error.results.map((r: ControlResult) => r.id)).toEqual(range(4))
    expect(error.results.every((r) => r.ok)).toBe(true)
    expect(error.cause).toMatchObject({
      kind: 'server',
      message: expect.stringContaining('Error while querying the index') as unknown,
    })
  })

  it('sends nothing for no ids', async () => {
    const sent = bulkServer('PUT', '/workflow/bulk/pause', allSucceeded)
    expect(await runBulk(client(), 'pause', source([]), {})).toEqual([])
    expect(sent).toEqual([])
  })

  it('retry with resumeSubworkflowTasks goes one id at a time and explains refusals', async () => {
    const bulk = bulkServer('POST', '/workflow/bulk/retry', allSucceeded)
    pool().intercept({method: 'POST', path: '/api/workflow/wf-1/retry?resumeSubworkflowTasks=true'}).reply(204, '')
    pool()
      .intercept({method: 'POST', path: '/api/workflow/wf-2/retry?resumeSubworkflowTasks=true'})
      .reply(404, errorResponse(404, 'Workflow is still running.  status=RUNNING'))
    pool().intercept({method: 'POST', path: '/api/workflow/wf-3/retry?resumeSubworkflowTasks=true'}).reply(204, '')
    const asked = statusServer({'wf-2': 'RUNNING'})
    const results = await runBulk(
      client(),
      'retry',
      source(['wf-1', 'wf-2', 'wf-3']),
      {resumeSubworkflowTasks: true},
      {chunkSize: 2},
    )
    expect(bulk).toEqual([])
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      ['wf-1', true],
      ['wf-2', false],
      ['wf-3', true],
    ])
    expect(results[0]?.message).toBe('retrying from the failed task (RUNNING again)')
    expect(results[1]).toMatchObject({
      kind: 'conflict',
      message: 'retry only applies to FAILED, TIMED_OUT or TERMINATED workflows; this one is RUNNING',
    })
    expect(asked).toEqual(['wf-2'])
  })

  it('uses the bulk endpoint for every operation otherwise', async () => {
    const ops: [BulkOperation, string, string][] = [
      ['pause', 'PUT', '/workflow/bulk/pause'],
      ['resume', 'PUT', '/workflow/bulk/resume'],
      ['retry', 'POST', '/workflow/bulk/retry'],
      ['restart', 'POST', '/workflow/bulk/restart'],
      ['terminate', 'POST', '/workflow/bulk/terminate'],
      ['delete', 'DELETE', '/workflow/bulk/remove'],
    ]
    for (const [op, method, path] of ops) {
      const sent = bulkServer(method, path, allSucceeded)
      const results = await runBulk(client(), op, source(['x1', 'x2']), {resumeSubworkflowTasks: false})
      expect(sent.map((s) => [s.method, s.path, s.ids])).toEqual([[method, `/api${path}`, ['x1', 'x2']]])
      expect(results.every((r) => r.ok && r.message === successMessage(op, {}))).toBe(true)
    }
  })
})
