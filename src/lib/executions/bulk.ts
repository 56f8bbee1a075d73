import {ApiError, NetworkError} from '../client/api-error.js'
import type {ConductorClient} from '../client/client.js'
import {NOT_SENT_ERROR_CODES} from '../client/retry-policy.js'
import type {Query} from '../client/transport.js'
import {CliError, type ErrorKind} from '../errors.js'
import {applyToEach, type ControlResult} from './control.js'
import {explainRefusal} from './explain.js'
import {pause, remove, restart, resume, retry, terminate, getStatus} from './service.js'

/**
 * The server's bulk endpoints (reference §2.3): at most 1000 ids per request, answered with 200 and
 * {bulkErrorResults: {id: message}, bulkSuccessfulResults: [id]} even when every id failed.
 * Ids arrive as a stream (from stdin or the search pager) and leave in chunks, a few at once, so
 * memory holds a few chunks and the per-id results, never the search rows.
 */

export type BulkOperation = 'pause' | 'resume' | 'retry' | 'restart' | 'terminate' | 'delete'

/** The server refuses more ids than this in one request. */
export const MAX_BULK_IDS = 1000
/**
 * Ids per request. The server works through a request one id at a time (about 10 ms per retry on
 * SQLite), so 4 requests of 250 keep it as busy as 1000 in one, and each answers well within --timeout.
 */
export const DEFAULT_CHUNK = 250
export const DEFAULT_CONCURRENCY = 4
/** Failures whose message does not name the workflow's status get a status lookup to explain them, up to this many. */
const MAX_LOOKUPS = 20

export interface BulkSettings {
  /** terminate */
  reason?: string | undefined
  /** terminate: also start the definition's failureWorkflow (Orkes; OSS ignores it, so it is refused there) */
  triggerFailureWorkflow?: boolean | undefined
  /** restart */
  useLatestDefinitions?: boolean | undefined
  /** delete */
  archive?: boolean | undefined
  /** retry: the bulk endpoint cannot do this, so it forces one call per id */
  resumeSubworkflowTasks?: boolean | undefined
}

export const PAST_TENSE: Record<BulkOperation, string> = {
  pause: 'paused',
  resume: 'resumed',
  retry: 'retried',
  restart: 'restarted',
  terminate: 'terminated',
  delete: 'deleted',
}

/** What each successful id reports (the same words whether it went one by one or in bulk). */
export function successMessage(op: BulkOperation, settings: BulkSettings): string {
  switch (op) {
    case 'retry':
      return 'retrying from the failed task (RUNNING again)'
    case 'restart':
      return settings.useLatestDefinitions ? 'restarted with the latest definition' : 'restarted from the first task'
    case 'delete':
      return settings.archive ? 'deleted (archived)' : 'deleted'
    default:
      return PAST_TENSE[op]
  }
}

/** The single-execution call for `op` (one id, or when bulk cannot express the options). */
export function singleAction(
  client: ConductorClient,
  op: BulkOperation,
  settings: BulkSettings,
): (id: string) => Promise<string> {
  const message = successMessage(op, settings)
  const calls: Record<BulkOperation, (id: string) => Promise<void>> = {
    pause: (id) => pause(client, id),
    resume: (id) => resume(client, id),
    retry: (id) => retry(client, id, {resumeSubworkflowTasks: settings.resumeSubworkflowTasks ?? false}),
    restart: (id) => restart(client, id, {useLatestDefinitions: settings.useLatestDefinitions ?? false}),
    terminate: (id) => terminate(client, id, settings.reason, settings.triggerFailureWorkflow),
    delete: (id) => remove(client, id, settings.archive ?? false),
  }
  const call = calls[op]
  return async (id) => {
    await call(id)
    return message
  }
}

/** Whether `op` with these settings must go one id at a time (bulk retry always sends resumeSubworkflowTasks=false). */
export function needsSingleCalls(op: BulkOperation, settings: BulkSettings): boolean {
  return op === 'retry' && settings.resumeSubworkflowTasks === true
}

export function bulkEndpoint(op: BulkOperation, settings: BulkSettings): {method: string; path: string; query: Query} {
  switch (op) {
    case 'pause':
      return {method: 'PUT', path: '/workflow/bulk/pause', query: {}}
    case 'resume':
      return {method: 'PUT', path: '/workflow/bulk/resume', query: {}}
    case 'retry':
      return {method: 'POST', path: '/workflow/bulk/retry', query: {}}
    case 'restart':
      return {
        method: 'POST',
        path: '/workflow/bulk/restart',
        query: {useLatestDefinitions: settings.useLatestDefinitions ?? false},
      }
    case 'terminate':
      return {
        method: 'POST',
        path: '/workflow/bulk/terminate',
        query: {reason: settings.reason, ...(settings.triggerFailureWorkflow ? {triggerFailureWorkflow: true} : {})},
      }
    case 'delete':
      // the server's default is archiveWorkflow=true; ours (as for one id) is to delete
      return {method: 'DELETE', path: '/workflow/bulk/remove', query: {archiveWorkflow: settings.archive ?? false}}
  }
}

export interface BulkResponse {
  succeeded: Set<string>
  failed: Map<string, string>
}

export function parseBulkResponse(body: unknown, what: string): BulkResponse {
  const doc = body as {bulkErrorResults?: unknown; bulkSuccessfulResults?: unknown} | undefined
  const errors = doc?.bulkErrorResults ?? {}
  const successes = doc?.bulkSuccessfulResults ?? []
  if (!doc || typeof errors !== 'object' || errors === null || Array.isArray(errors) || !Array.isArray(successes))
    throw new CliError(
      'server',
      `${what}: the answer is not a bulk response ({bulkErrorResults, bulkSuccessfulResults})`,
    )
  return {
    succeeded: new Set(successes.map(String)),
    failed: new Map(
      Object.entries(errors as Record<string, unknown>).map(([id, message]) => [
        id,
        typeof message === 'string' ? message : JSON.stringify(message),
      ]),
    ),
  }
}

/** Statuses the server names in its refusals ("Current status is X", "status=X", "….X is not in terminal state"). */
const STATUS_PATTERNS = [
  /Current status is (\w+)/,
  /status=(\w+)/,
  /with status: (\w+)/,
  /\.(\w+) is not in terminal state/,
  /Cannot terminate a (\w+) workflow/,
]

export function statusInMessage(message: string): string | undefined {
  for (const pattern of STATUS_PATTERNS) {
    const found = pattern.exec(message)?.[1]
    if (found && /^[A-Z_]+$/.test(found)) return found
  }
  return undefined
}

const NO_SUCH = /No such workflow found by id/i

/** One id refused inside a bulk answer, in the words a refusal of that id alone would get. */
export function explainBulkFailure(
  op: BulkOperation,
  id: string,
  serverMessage: string,
  current: string | undefined,
  settings: BulkSettings,
): ControlResult {
  const explained = explainRefusal(
    op,
    {status: NO_SUCH.test(serverMessage) ? 404 : 409, serverMessage},
    {id, current, archive: settings.archive},
  )
  if (explained)
    return {
      id,
      ok: false,
      message: explained.message,
      kind: explained.kind,
      ...(explained.hint ? {hint: explained.hint} : {}),
    }
  // refused for a reason the server did not name: a refusal because of the execution's state
  return {id, ok: false, message: serverMessage, kind: 'conflict'}
}

/** Shared between the chunks of one run: how many status lookups are left for explaining failures. */
export interface Explainer {
  lookups: number
}

export function newExplainer(): Explainer {
  return {lookups: MAX_LOOKUPS}
}

/**
 * Sends one chunk to the bulk endpoint; returns a result per id, in the order given. A failed request
 * fails each of its ids (with the request's error); it is never repeated once sent, as the server may
 * have acted on some of them.
 */
export async function sendChunk(
  client: ConductorClient,
  op: BulkOperation,
  ids: readonly string[],
  settings: BulkSettings,
  explainer: Explainer = newExplainer(),
): Promise<ControlResult[]> {
  if (ids.length === 0) return []
  if (ids.length > MAX_BULK_IDS) throw new Error(`bulk chunk of ${ids.length} ids (at most ${MAX_BULK_IDS})`)
  const {method, path, query} = bulkEndpoint(op, settings)
  let answer: BulkResponse
  try {
    answer = parseBulkResponse(
      await client.json<unknown>(method, path, {query, body: ids, idempotent: false}),
      `${method} /api${path}`,
    )
  } catch (error) {
    // nothing can succeed after these: stop rather than send every other chunk to the same answer
    if (
      !(error instanceof CliError) ||
      error.kind === 'auth' ||
      (error instanceof NetworkError && error.code === 'ECONNREFUSED')
    )
      throw error
    return ids.map((id) => requestFailed(id, error))
  }
  const ok = successMessage(op, settings)
  const results = ids.map((id): ControlResult => {
    if (answer.succeeded.has(id)) return {id, ok: true, message: ok}
    const said = answer.failed.get(id)
    if (said === undefined) return {id, ok: false, message: 'the server did not report on this id', kind: 'server'}
    return explainBulkFailure(op, id, said, statusInMessage(said), settings)
  })
  // A refusal that names no status ("has ended, status cannot be updated"): ask for it, a few times per run.
  const unexplained = results.filter((r) => !r.ok && r.message === answer.failed.get(r.id) && !NO_SUCH.test(r.message))
  for (const result of unexplained) {
    if (explainer.lookups <= 0) break
    explainer.lookups--
    const current = await getStatus(client, result.id).catch(() => undefined)
    if (current)
      Object.assign(
        result,
        explainBulkFailure(op, result.id, answer.failed.get(result.id) ?? result.message, current, settings),
      )
  }
  return results
}

function requestFailed(id: string, error: CliError): ControlResult {
  const sent = !(error instanceof NetworkError && NOT_SENT_ERROR_CODES.includes(error.code ?? ''))
  // a connection lost mid-request, a 5xx, or an answer cut off: the server may have acted
  const unknown =
    sent &&
    (error instanceof NetworkError || (error instanceof ApiError ? error.status >= 500 : error.kind === 'server'))
  const kind: ErrorKind = error.kind
  return {
    id,
    ok: false,
    message: unknown ? `${error.message} (the server may have acted on it: check its status)` : error.message,
    kind,
    ...(error.hint ? {hint: error.hint} : {}),
  }
}

/** Groups a stream of ids into arrays of at most `size`. */
export async function* chunks(ids: AsyncIterable<string>, size: number): AsyncGenerator<string[]> {
  let chunk: string[] = []
  for await (const id of ids) {
    chunk.push(id)
    if (chunk.length >= size) {
      yield chunk
      chunk = []
    }
  }
  if (chunk.length > 0) yield chunk
}

export interface BulkRunOptions {
  chunkSize?: number | undefined
  concurrency?: number | undefined
  /** After each chunk: the running totals. */
  onProgress?: ((done: number, failed: number) => void) | undefined
}

/** The source of ids failed part-way (a search page), or a request failed in a way the next ones would too: what was done before, and why it stopped. */
export class BulkInterrupted extends Error {
  constructor(
    readonly results: ControlResult[],
    override readonly cause: unknown,
  ) {
    super('bulk run interrupted')
  }
}

/**
 * Applies `op` to every id of the stream: bulk requests of `chunkSize` ids, `concurrency` at once,
 * reading more ids only when a slot is free. Results come back in the order of the ids. One failed id
 * or chunk does not stop the rest; a failing source does, and so does a refusal every later request
 * would meet too (auth, connection refused): BulkInterrupted, after the chunks in flight have answered.
 */
export async function runBulk(
  client: ConductorClient,
  op: BulkOperation,
  ids: AsyncIterable<string>,
  settings: BulkSettings,
  options: BulkRunOptions = {},
): Promise<ControlResult[]> {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY)
  const size = Math.min(MAX_BULK_IDS, Math.max(1, options.chunkSize ?? DEFAULT_CHUNK))
  const explainer = newExplainer()
  const one = needsSingleCalls(op, settings) ? singleAction(client, op, settings) : undefined
  const send = (chunk: string[]) =>
    one ? applyToEach(client, op, chunk, one, {concurrency}) : sendChunk(client, op, chunk, settings, explainer)
  // with one call per id, applyToEach already runs `concurrency` calls at once: take chunks one by one
  const {default: pLimit} = await import('p-limit')
  const limit = pLimit(one ? 1 : concurrency)
  const sent: Promise<ControlResult[]>[] = []
  const inflight = new Set<Promise<void>>()
  let done = 0
  let failed = 0
  let fatal: {error: unknown} | undefined
  try {
    for await (const chunk of chunks(ids, size)) {
      while (inflight.size >= limit.concurrency && !fatal) await Promise.race(inflight)
      if (fatal) break
      const request = limit(() => send(chunk))
      sent.push(request)
      const settled: Promise<void> = request.then(
        (results) => {
          done += results.length
          failed += results.filter((r) => !r.ok).length
          options.onProgress?.(done, failed)
        },
        (error: unknown) => {
          fatal ??= {error}
        },
      )
      const tracked = settled.finally(() => inflight.delete(tracked))
      inflight.add(tracked)
    }
  } catch (error) {
    fatal ??= {error}
  }
  const finished = await Promise.allSettled(sent)
  if (fatal)
    throw new BulkInterrupted(
      finished.flatMap((f) => (f.status === 'fulfilled' ? f.value : [])),
      fatal.error,
    )
  return finished.flatMap((f) => (f.status === 'fulfilled' ? f.value : []))
}
