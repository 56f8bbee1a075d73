import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {Readable} from 'node:stream'
import type {MockAgent} from 'undici'
import {afterEach, beforeEach, vi} from 'vitest'
import {MOCK_ORIGIN, type MockServer} from '../../helpers/mock-server.js'

/**
 * A table of the answers a Conductor 3.32 server gives (reference: /work/shared/reference/
 * conductor-rest-api.md), declared by each test for the requests its scenario makes, behind
 * undici's MockAgent, and a record of every request sent. Nothing here decides an answer: an
 * endpoint answers what the test declared for it (a sequence answers in turn, its last answer
 * repeating); a request no answer was declared for is recorded in `unanswered`, answered 418 and
 * fails the test.
 */
export type Doc = Record<string, unknown>

export interface SentRequest {
  method: string
  /** path without the query */
  path: string
  query: URLSearchParams
  body: unknown
}

/** What an endpoint answers: an object or array as JSON, a string as text/plain, nothing as an empty body. */
export interface Answer {
  status?: number
  body?: unknown
}

export interface FakeConductor {
  /** every request, in order */
  requests: SentRequest[]
  /** requests no answer was declared for (checked empty after each test by fakeConductor) */
  unanswered: SentRequest[]
  /** requests other than GET */
  writes(): SentRequest[]
  /** the requests sent with this method to this path (a string path may carry a query to match) */
  sent(method: string, path: string | RegExp): SentRequest[]
  /**
   * Declares what METHOD PATH answers. PATH is the full path (`/api/...`), optionally with a query
   * whose parameters must all be present (`/api/metadata/workflow/x?version=2`; a path without a
   * query matches any query), or a RegExp on the path. The first declaration that matches answers,
   * so declare the one with a query before the one without. Several answers: one per request, in order,
   * the last one repeating.
   */
  on(method: string, path: string | RegExp, ...answers: Answer[]): void
  /** Declares the lists the server holds (GET of the metadata, scheduler and event collections). */
  holds(state: Holdings): void
}

export interface Holdings {
  workflows?: Doc[]
  taskDefs?: Doc[]
  schedules?: Doc[]
  handlers?: Doc[]
}

/** The server's time stamps in canned documents. */
export const NOW = 1_765_000_000_000

/** The server's ErrorResponse (reference §1). */
export const error = (status: number, message: string): Answer => ({status, body: {status, message, retryable: false}})

/** An empty 200 (the answer of most writes). */
export const OK: Answer = {status: 200}

/** Definitions as the server returns them: the audit fields it adds. */
export const served = {
  workflow: (def: Doc): Doc => ({createTime: NOW, updateTime: NOW, ...def}),
  taskDef: (def: Doc): Doc => ({createTime: NOW, createdBy: '', ...def}),
  schedule: (schedule: Doc): Doc => ({
    createTime: NOW,
    updatedTime: NOW,
    createdBy: '',
    updatedBy: '',
    paused: false,
    zoneId: 'UTC',
    ...schedule,
  }),
  /** PUT /api/metadata/workflow's BulkResponse: the names saved. */
  bulk: (names: string[], errors: Record<string, string> = {}): Doc => ({
    bulkErrorResults: errors,
    bulkSuccessfulResults: names,
  }),
  /** GET /api/metadata/workflow/{name}/versions: one row per version. */
  versions: (name: string, versions: number[]): Doc[] => versions.map((version) => ({name, version, createTime: 0})),
}

/** The table for the agent of `server`, renewed for each test (call at the top of a file, after mockServer()). */
export function fakeConductor(server: MockServer, origin = MOCK_ORIGIN): FakeConductor {
  let current: Table | undefined
  beforeEach(() => {
    current = newTable()
    install(server.agent, origin, current)
  })
  afterEach(() => {
    const left = current?.unanswered ?? []
    current = undefined
    if (left.length > 0) throw new Error(`no answer declared for: ${left.map(show).join(', ')}`)
  })
  const table = (): Table => {
    if (!current) throw new Error('fakeConductor: only inside a test')
    return current
  }
  return {
    get requests() {
      return table().requests
    },
    get unanswered() {
      return table().unanswered
    },
    writes: () => table().writes(),
    sent: (method, path) => table().sent(method, path),
    on: (method, path, ...answers) => table().on(method, path, ...answers),
    holds: (state) => table().holds(state),
  }
}

/** A table on an agent the test manages itself (promote's two servers); the test checks `unanswered`. */
export function installFake(agent: MockAgent, origin: string): FakeConductor {
  const table = newTable()
  install(agent, origin, table)
  return table
}

const show = (r: SentRequest): string => `${r.method} ${r.path}${r.query.size > 0 ? `?${r.query}` : ''}`

interface Route {
  method: string
  path: string | RegExp
  query: URLSearchParams
  answers: Answer[]
  used: number
}

interface Table extends FakeConductor {
  answer(request: SentRequest): Answer
}

function matches(route: {method: string; path: string | RegExp; query: URLSearchParams}, r: SentRequest): boolean {
  if (route.method !== r.method) return false
  if (typeof route.path !== 'string') return route.path.test(r.path)
  if (route.path !== r.path) return false
  return [...route.query].every(([k, v]) => r.query.getAll(k).includes(v))
}

function route(method: string, path: string | RegExp): {method: string; path: string | RegExp; query: URLSearchParams} {
  if (typeof path !== 'string') return {method, path, query: new URLSearchParams()}
  const [bare = '', query = ''] = path.split('?')
  return {method, path: bare, query: new URLSearchParams(query)}
}

function newTable(): Table {
  const routes: Route[] = []
  const table: Table = {
    requests: [],
    unanswered: [],
    writes: () => table.requests.filter((r) => r.method !== 'GET'),
    sent: (method, path) => table.requests.filter((r) => matches(route(method, path), r)),
    on(method, path, ...answers) {
      if (answers.length === 0) throw new Error(`on(${method} ${String(path)}): no answer`)
      routes.push({...route(method, path), answers, used: 0})
    },
    holds(state) {
      if (state.workflows) table.on('GET', '/api/metadata/workflow', {body: state.workflows.map(served.workflow)})
      if (state.taskDefs) table.on('GET', '/api/metadata/taskdefs', {body: state.taskDefs.map(served.taskDef)})
      if (state.schedules) table.on('GET', '/api/scheduler/schedules', {body: state.schedules.map(served.schedule)})
      if (state.handlers) table.on('GET', '/api/event', {body: state.handlers})
    },
    answer(request) {
      const found = routes.find((r) => matches(r, request))
      if (!found) {
        table.unanswered.push(request)
        return error(418, `no answer declared for ${show(request)}`)
      }
      const answer = found.answers[Math.min(found.used, found.answers.length - 1)] as Answer
      found.used += 1
      return answer
    },
  }
  return table
}

function install(agent: MockAgent, origin: string, table: Table): void {
  agent
    .get(origin)
    .intercept({path: () => true, method: () => true})
    .reply((opts) => {
      const url = new URL(opts.path, origin)
      let body: unknown
      if (typeof opts.body === 'string' && opts.body !== '') {
        try {
          body = JSON.parse(opts.body)
        } catch {
          body = opts.body
        }
      }
      const request = {method: opts.method, path: url.pathname, query: url.searchParams, body}
      table.requests.push(request)
      const answer = table.answer(request)
      const text =
        answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
      return {
        statusCode: answer.status ?? 200,
        data: text,
        responseOptions: {
          headers: {'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json'},
        },
      }
    })
    .persist()
}

/** A temp folder per test, removed afterwards; `files` writes paths relative to it. */
export function tempDirs(): {dir: () => string; write: (files: Record<string, unknown>) => Promise<string>} {
  let current: string | undefined
  beforeEach(async () => {
    current = await mkdtemp(join(tmpdir(), 'conductor-defs-'))
  })
  afterEach(async () => {
    if (current) await rm(current, {recursive: true, force: true})
    current = undefined
  })
  const dir = () => {
    if (!current) throw new Error('tempDirs: only inside a test')
    return current
  }
  return {
    dir,
    async write(files) {
      for (const [path, content] of Object.entries(files)) {
        const full = join(dir(), path)
        await mkdir(dirname(full), {recursive: true})
        await writeFile(full, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
      }
      return dir()
    },
  }
}

/** Runs `fn` with process.stdin replaced by a pipe holding `text` (not a TTY). */
export async function withStdin<T>(text: string, fn: () => Promise<T>): Promise<T> {
  const stream = Readable.from([Buffer.from(text)]) as unknown as typeof process.stdin
  const spy = vi.spyOn(process, 'stdin', 'get').mockReturnValue(stream)
  try {
    return await fn()
  } finally {
    spy.mockRestore()
  }
}

/** Small definitions as people write them. */
export const defs = {
  task: (name: string, extra: Doc = {}): Doc => ({
    name,
    retryCount: 1,
    timeoutSeconds: 60,
    responseTimeoutSeconds: 30,
    ownerEmail: 'team@example.com',
    ...extra,
  }),
  workflow: (name: string, version = 1, tasks: Doc[] = [simple('t1')], extra: Doc = {}): Doc => ({
    name,
    version,
    schemaVersion: 2,
    ownerEmail: 'team@example.com',
    tasks,
    ...extra,
  }),
  simple,
  schedule: (name: string, workflow: string, extra: Doc = {}): Doc => ({
    name,
    cronExpression: '0 0 * * * *',
    startWorkflowRequest: {name: workflow, version: 1, input: {}},
    ...extra,
  }),
}

function simple(ref: string, name = ref): Doc {
  return {name, taskReferenceName: ref, type: 'SIMPLE'}
}
