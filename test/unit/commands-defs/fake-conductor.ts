import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {Readable} from 'node:stream'
import type {MockAgent} from 'undici'
import {afterEach, beforeEach, vi} from 'vitest'
import {MOCK_ORIGIN, type MockServer} from '../../helpers/mock-server.js'

/**
 * The metadata and scheduler endpoints of a Conductor 3.32 server (docs: /work/shared/reference/
 * conductor-rest-api.md §2.1, §2.5, §2.7, §3.1), kept in memory behind undici's MockAgent, so a
 * test can register, read back and delete as against the real server. Status codes and messages
 * are the server's (SQLite: a missing definition's DELETE is 500; the scheduler's DELETE is 200).
 */
export type Doc = Record<string, unknown>

export interface SentRequest {
  method: string
  /** path without the query */
  path: string
  query: URLSearchParams
  body: unknown
}

type Reply = {status: number; body?: unknown}
type Handler = (request: SentRequest) => Reply | undefined

export interface FakeConductor {
  workflows: Map<string, Doc>
  taskDefs: Map<string, Doc>
  schedules: Map<string, Doc>
  handlers: Map<string, Doc>
  /** executions by id (reference §2.2, §5.1) */
  executions: Map<string, Doc>
  /** every request, in order */
  requests: SentRequest[]
  /** requests other than GET */
  writes(): SentRequest[]
  /** a route of one test, tried before the fake's own */
  on(method: string, path: RegExp | string, reply: (request: SentRequest) => Reply): void
  addWorkflow(def: Doc): void
  addTaskDef(def: Doc): void
  addSchedule(schedule: Doc): void
  addExecution(execution: Doc): void
}

const NOW = 1_765_000_000_000
const key = (name: string, version: number) => `${name}@${version}`

/** Installs the fake on the agent of `server` for each test (call at the top of a file, after mockServer()). */
export function fakeConductor(server: MockServer, origin = MOCK_ORIGIN): FakeConductor {
  const fake = newFake()
  beforeEach(() => {
    fake.reset()
    install(server.agent, origin, fake)
  })
  return fake
}

interface InternalFake extends FakeConductor {
  reset(): void
  routes: {method: string; path: RegExp | string; reply: (request: SentRequest) => Reply}[]
  handle(request: SentRequest): Reply
}

/** A fake for an agent the test manages itself (promote's two servers). */
export function installFake(agent: MockAgent, origin: string): FakeConductor {
  const fake = newFake()
  install(agent, origin, fake)
  return fake
}

function install(agent: MockAgent, origin: string, fake: InternalFake): void {
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
      fake.requests.push(request)
      const reply = fake.handle(request)
      const text =
        reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
      return {
        statusCode: reply.status,
        data: text,
        responseOptions: {
          headers: {'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json'},
        },
      }
    })
    .persist()
}

const error = (status: number, message: string): Reply => ({status, body: {status, message, retryable: false}})

function newFake(): InternalFake {
  const fake: InternalFake = {
    workflows: new Map(),
    taskDefs: new Map(),
    schedules: new Map(),
    handlers: new Map(),
    executions: new Map(),
    requests: [],
    routes: [],
    writes: () => fake.requests.filter((r) => r.method !== 'GET'),
    reset() {
      fake.workflows.clear()
      fake.taskDefs.clear()
      fake.schedules.clear()
      fake.handlers.clear()
      fake.executions.clear()
      fake.requests.length = 0
      fake.routes.length = 0
    },
    on(method, path, reply) {
      fake.routes.push({method, path, reply})
    },
    addWorkflow(def) {
      const version = typeof def.version === 'number' ? def.version : 1
      fake.workflows.set(key(String(def.name), version), stored({...def, version}))
    },
    addTaskDef(def) {
      fake.taskDefs.set(String(def.name), {createTime: NOW, createdBy: '', ...def})
    },
    addExecution(execution) {
      fake.executions.set(String(execution.workflowId), {
        tasks: [],
        input: {},
        output: {},
        startTime: NOW,
        ...execution,
      })
    },
    addSchedule(schedule) {
      fake.schedules.set(String(schedule.name), {createTime: NOW, updatedTime: NOW, paused: false, ...schedule})
    },
    handle(request) {
      for (const route of fake.routes) {
        const matches = typeof route.path === 'string' ? route.path === request.path : route.path.test(request.path)
        if (route.method === request.method && matches) return route.reply(request)
      }
      for (const handler of HANDLERS) {
        const reply = handler.call(fake, request)
        if (reply) return reply
      }
      return error(404, `No static resource ${request.path.replace(/^\//, '')}.`)
    },
  }
  const bind =
    (h: (fake: InternalFake, r: SentRequest) => Reply | undefined): Handler =>
    (r) =>
      h(fake, r)
  const HANDLERS: Handler[] = [
    bind(metadataWorkflow),
    bind(metadataTask),
    bind(scheduler),
    bind(events),
    bind(executions),
  ]
  return fake
}

/** What the server keeps of a definition: the audit fields added (null fields would be dropped). */
function stored(def: Doc): Doc {
  return {createTime: NOW, updateTime: NOW, ...def}
}

function latest(fake: FakeConductor): Doc[] {
  const best = new Map<string, Doc>()
  for (const def of fake.workflows.values()) {
    const seen = best.get(String(def.name))
    if (!seen || (def.version as number) > (seen.version as number)) best.set(String(def.name), def)
  }
  return [...best.values()]
}

function sortedWorkflows(defs: Doc[]): Doc[] {
  return [...defs].sort(
    (a, b) => String(a.name).localeCompare(String(b.name)) || (a.version as number) - (b.version as number),
  )
}

function metadataWorkflow(fake: InternalFake, r: SentRequest): Reply | undefined {
  if (!r.path.startsWith('/api/metadata/workflow')) return undefined
  const rest = r.path.slice('/api/metadata/workflow'.length).split('/').filter(Boolean).map(decodeURIComponent)
  if (r.method === 'GET' && rest.length === 0) return {status: 200, body: sortedWorkflows([...fake.workflows.values()])}
  if (r.method === 'GET' && rest[0] === 'latest-versions') return {status: 200, body: sortedWorkflows(latest(fake))}
  if (r.method === 'GET' && rest.length === 2 && rest[1] === 'versions')
    return {
      status: 200,
      body: sortedWorkflows([...fake.workflows.values()].filter((d) => d.name === rest[0])).map((d) => ({
        name: d.name,
        version: d.version,
        createTime: 0,
      })),
    }
  if (r.method === 'GET' && rest.length === 1) {
    const name = rest[0] as string
    const version = r.query.get('version')
    const def =
      version === null ? latest(fake).find((d) => d.name === name) : fake.workflows.get(key(name, Number(version)))
    return def ? {status: 200, body: def} : error(404, `No such workflow found by name: ${name}, version: ${version}`)
  }
  if (r.method === 'POST' && rest.length === 0) {
    const def = r.body as Doc
    const k = key(String(def.name), typeof def.version === 'number' ? def.version : 1)
    if (fake.workflows.has(k) && r.query.get('overwrite') !== 'true')
      return error(409, `Workflow with ${String(def.name)}.${String(def.version ?? 1)} already exists!`)
    fake.addWorkflow(def)
    return {status: 200}
  }
  if (r.method === 'PUT' && rest.length === 0) {
    const defs = r.body as Doc[]
    for (const def of defs) fake.addWorkflow(def)
    return {status: 200, body: {bulkErrorResults: {}, bulkSuccessfulResults: defs.map((d) => d.name)}}
  }
  if (r.method === 'DELETE' && rest.length === 2) {
    const k = key(rest[0] as string, Number(rest[1]))
    if (!fake.workflows.delete(k)) return error(500, `No such workflow definition: ${rest[0]} version: ${rest[1]}`)
    return {status: 200}
  }
  return undefined
}

function metadataTask(fake: InternalFake, r: SentRequest): Reply | undefined {
  if (!r.path.startsWith('/api/metadata/taskdefs')) return undefined
  const name = r.path.split('/')[4] === undefined ? undefined : decodeURIComponent(r.path.split('/')[4] as string)
  if (r.method === 'GET' && name === undefined)
    return {status: 200, body: [...fake.taskDefs.values()].sort((a, b) => String(a.name).localeCompare(String(b.name)))}
  if (r.method === 'GET') {
    const def = fake.taskDefs.get(name as string)
    return def ? {status: 200, body: def} : error(404, `No such taskType found by name: ${name}`)
  }
  if (r.method === 'POST') {
    for (const def of r.body as Doc[]) fake.addTaskDef(def)
    return {status: 200}
  }
  if (r.method === 'PUT') {
    const def = r.body as Doc
    if (!fake.taskDefs.has(String(def.name))) return error(404, `No such task by name ${String(def.name)}`)
    fake.taskDefs.set(String(def.name), {...def, createTime: NOW, updateTime: NOW + 1, updatedBy: ''})
    return {status: 200}
  }
  if (r.method === 'DELETE') {
    if (!fake.taskDefs.delete(name as string)) return error(500, 'No such task definition')
    return {status: 200}
  }
  return undefined
}

function scheduler(fake: InternalFake, r: SentRequest): Reply | undefined {
  if (!r.path.startsWith('/api/scheduler/')) return undefined
  const parts = r.path.split('/').slice(3).map(decodeURIComponent) // after /api/scheduler
  if (parts[0] === 'schedules' && parts.length === 1) {
    if (r.method === 'GET') {
      const wf = r.query.get('workflowName')
      return {
        status: 200,
        body: [...fake.schedules.values()].filter(
          (s) => !wf || (s.startWorkflowRequest as Doc | undefined)?.name === wf,
        ),
      }
    }
    if (r.method === 'POST') {
      const s = r.body as Doc
      const before = fake.schedules.get(String(s.name))
      const saved = {
        ...s,
        createTime: before?.createTime ?? NOW,
        updatedTime: NOW + 1,
        createdBy: '',
        updatedBy: '',
        paused: s.paused ?? false,
        zoneId: s.zoneId ?? 'UTC',
      }
      fake.schedules.set(String(s.name), saved)
      return {status: 200, body: saved}
    }
  }
  if (parts[0] === 'schedules' && parts.length >= 2) {
    const name = parts[1] as string
    const s = fake.schedules.get(name)
    if (parts.length === 2 && r.method === 'GET')
      return s ? {status: 200, body: s} : error(404, `Schedule '${name}' not found`)
    if (parts.length === 2 && r.method === 'DELETE') {
      fake.schedules.delete(name)
      return {status: 200}
    }
    if (parts[2] === 'pause' && r.method === 'PUT') {
      if (!s) return error(404, `Schedule '${name}' not found`)
      s.paused = true
      const reason = r.query.get('reason')
      if (reason !== null) s.pausedReason = reason
      return {status: 200}
    }
    if (parts[2] === 'resume' && r.method === 'PUT') {
      if (!s || s.paused !== true) return error(404, `Schedule '${name}' not found`)
      s.paused = false
      return {status: 200}
    }
  }
  return undefined
}

function events(fake: InternalFake, r: SentRequest): Reply | undefined {
  if (!r.path.startsWith('/api/event')) return undefined
  const name = r.path.split('/')[3]
  if (r.method === 'GET' && name === undefined) return {status: 200, body: [...fake.handlers.values()]}
  if (r.method === 'POST') {
    const h = r.body as Doc
    if (fake.handlers.has(String(h.name))) return error(500, `EventHandler with name ${String(h.name)} already exists!`)
    fake.handlers.set(String(h.name), h)
    return {status: 200}
  }
  if (r.method === 'PUT') {
    const h = r.body as Doc
    if (!fake.handlers.has(String(h.name))) return error(500, `EventHandler with name ${String(h.name)} not found!`)
    fake.handlers.set(String(h.name), h)
    return {status: 200}
  }
  if (r.method === 'DELETE' && name !== undefined) {
    if (!fake.handlers.delete(decodeURIComponent(name))) return error(500, `EventHandler with name ${name} not found!`)
    return {status: 200}
  }
  return undefined
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'TIMED_OUT', 'TERMINATED'])

/** Execution control as WorkflowExecutorOps answers it (reference §5.1); a start makes a RUNNING execution. */
function executions(fake: InternalFake, r: SentRequest): Reply | undefined {
  if (!r.path.startsWith('/api/workflow')) return undefined
  const parts = r.path.split('/').slice(3).map(decodeURIComponent) // after /api/workflow
  if (r.method === 'POST' && parts.length === 0) {
    const body = r.body as Doc
    const name = String(body.name)
    const def =
      typeof body.version === 'number'
        ? fake.workflows.get(key(name, body.version))
        : latest(fake).find((d) => d.name === name)
    if (!def) return error(404, `No such workflow found by name: ${name}, version: ${String(body.version ?? null)}`)
    const id = `wf-${fake.executions.size + 1}`
    fake.addExecution({
      workflowId: id,
      workflowName: name,
      workflowVersion: def.version,
      status: 'RUNNING',
      input: body.input ?? {},
      ...(body.correlationId ? {correlationId: body.correlationId} : {}),
    })
    return {status: 200, body: id}
  }
  if (parts[0] === 'bulk') {
    const op = parts[1] as string
    const ids = r.body as string[]
    const result = {bulkErrorResults: {} as Record<string, string>, bulkSuccessfulResults: [] as string[]}
    for (const id of ids) {
      const reply = control(fake, op === 'remove' ? 'remove' : op, id, r.query)
      if (reply.status < 300) result.bulkSuccessfulResults.push(id)
      else result.bulkErrorResults[id] = String((reply.body as Doc).message)
    }
    return {status: 200, body: result}
  }
  if (parts[0] === 'search' || parts[0] === 'search-v2') {
    const rows = [...fake.executions.values()].map((e) => ({...e, tasks: undefined}))
    return {status: 200, body: {totalHits: rows.length, results: rows}}
  }
  const id = parts[0]
  if (id === undefined) return undefined
  if (r.method === 'GET' && parts.length === 1) {
    const e = fake.executions.get(id)
    if (!e) return error(404, `No such workflow found by id: ${id}`)
    return {status: 200, body: r.query.get('includeTasks') === 'false' ? {...e, tasks: []} : e}
  }
  if (r.method === 'GET' && parts[1] === 'status') {
    const e = fake.executions.get(id)
    return e
      ? {status: 200, body: {workflowId: id, status: e.status}}
      : error(404, `No such workflow found by id: ${id}`)
  }
  if (r.method === 'PUT' && parts[1] === 'skiptask') {
    const e = fake.executions.get(id)
    if (!e) return error(404, `No such workflow found by id: ${id}`)
    if (e.status !== 'RUNNING') return error(500, `The workflow ${id} is not running`)
    ;(e.tasks as Doc[]).push({referenceTaskName: parts[2], status: 'SKIPPED', taskType: 'SIMPLE', seq: 1})
    return {status: 200}
  }
  if (r.method === 'POST' && parts[1] === 'rerun') {
    const e = fake.executions.get(id)
    if (!e) return error(404, `No such workflow found by id: ${id}`)
    if (!TERMINAL.has(String(e.status))) return error(409, `Workflow ${id} is still running`)
    const body = r.body as Doc
    e.status = 'RUNNING'
    if (body.workflowInput) e.input = body.workflowInput
    return {status: 200, body: id}
  }
  const op =
    r.method === 'DELETE'
      ? parts[1] === 'remove'
        ? 'remove'
        : 'terminate'
      : r.method === 'PUT' || r.method === 'POST'
        ? parts[1]
        : undefined
  if (op && ['pause', 'resume', 'retry', 'restart', 'terminate', 'remove'].includes(op))
    return control(fake, op, id, r.query)
  return undefined
}

function control(fake: InternalFake, op: string, id: string, query: URLSearchParams): Reply {
  const e = fake.executions.get(id)
  if (!e) return error(404, `No such workflow found by id: ${id}`)
  const status = String(e.status)
  switch (op) {
    case 'pause':
      if (TERMINAL.has(status)) return error(409, `Workflow ${id} has ended, status cannot be updated.`)
      e.status = 'PAUSED'
      return {status: 200}
    case 'resume':
      if (status !== 'PAUSED') return error(500, `The workflow ${id} is not PAUSED so cannot resume`)
      e.status = 'RUNNING'
      return {status: 200}
    case 'retry':
      if (!TERMINAL.has(status)) return error(404, `Workflow is still running.  status=${status}`)
      e.status = 'RUNNING'
      return {status: 204}
    case 'restart':
      if (!TERMINAL.has(status)) return error(409, `Workflow ${id} is still running`)
      e.status = 'RUNNING'
      return {status: 204}
    case 'terminate':
      if (status === 'COMPLETED') return error(409, 'Cannot terminate a COMPLETED workflow.')
      e.status = 'TERMINATED'
      if (query.get('reason')) e.reasonForIncompletion = query.get('reason')
      return {status: 200}
    default:
      if (query.get('archiveWorkflow') !== 'false' && !TERMINAL.has(status))
        return error(400, `Cannot archive workflow: ${id} with status: ${status}`)
      fake.executions.delete(id)
      return {status: 200}
  }
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
