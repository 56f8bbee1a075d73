import type {MockServer} from '../../helpers/mock-server.js'

/** One request the command sent, as the server saw it (path without /api and without the query). */
export interface Sent {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
}

/** What an endpoint answers: an object or array as JSON, a string as text/plain, nothing as an empty 200. */
export interface Answer {
  status?: number
  body?: unknown
}

const parse = (body: unknown): unknown => {
  if (typeof body !== 'string' || body === '') return body ?? undefined
  try {
    return JSON.parse(body)
  } catch {
    return body
  }
}

/**
 * Answers for the Conductor endpoints a test needs, through the test's MockAgent, and a record of
 * every request that reached them. Endpoints are matched on method and exact path (or a RegExp on
 * the path); the first registered that matches answers.
 */
export function fakeConductor(server: MockServer) {
  const sent: Sent[] = []
  const on = (method: string, path: string | RegExp, answer: Answer | ((req: Sent) => Answer)) => {
    const matches = (full: string) => {
      const bare = (full.split('?')[0] ?? '').replace(/^\/api/, '')
      return typeof path === 'string' ? bare === path : path.test(bare)
    }
    server
      .pool()
      .intercept({path: matches, method})
      .reply((opts) => {
        const url = new URL(opts.path, 'http://x')
        const req: Sent = {
          method: opts.method,
          path: url.pathname.replace(/^\/api/, ''),
          query: Object.fromEntries(url.searchParams),
          body: parse(opts.body),
        }
        sent.push(req)
        const a = typeof answer === 'function' ? answer(req) : answer
        const body = a.body
        const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
        const type = typeof body === 'string' ? 'text/plain' : 'application/json'
        return {statusCode: a.status ?? 200, data: text, responseOptions: {headers: {'content-type': type}}}
      })
      .persist()
  }
  return {
    sent,
    on,
    /** The requests with this method and path. */
    requests: (method: string, path: string | RegExp) =>
      sent.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path))),
  }
}

/** The server's ErrorResponse (reference §1). */
export const error = (status: number, message: string): Answer => ({
  status,
  body: {status, message, instance: 'conductor-test', retryable: false},
})

/** A Workflow execution document as GET /api/workflow/{id} returns it. */
export function workflowDoc(id: string, status: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    workflowId: id,
    workflowName: 'orders',
    workflowVersion: 2,
    status,
    correlationId: 'order-42',
    input: {orderId: 42},
    output: status === 'COMPLETED' ? {charged: true} : {},
    variables: {},
    createTime: 1764600000000,
    startTime: 1764600000000,
    ...(status === 'RUNNING' || status === 'PAUSED' ? {} : {endTime: 1764600004500}),
    tasks: [],
    priority: 0,
    ...extra,
  }
}

/** A Task as it sits in an execution's tasks[]. */
export function taskDoc(
  ref: string,
  status: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> & {taskId: string} {
  return {
    taskId: `task-${ref}`,
    referenceTaskName: ref,
    taskDefName: ref,
    taskType: 'SIMPLE',
    status,
    seq: 1,
    retryCount: 0,
    scheduledTime: 1764600000100,
    startTime: 1764600000200,
    ...(status === 'SCHEDULED' || status === 'IN_PROGRESS' ? {} : {endTime: 1764600001200}),
    inputData: {},
    outputData: {},
    ...extra,
  }
}

/** A WorkflowSummary search row (times as ISO strings, as the server sends them). */
export function summaryRow(id: string, status: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    workflowType: 'orders',
    version: 2,
    workflowId: id,
    correlationId: `corr-${id}`,
    status,
    startTime: '2026-11-27T10:00:00.000Z',
    updateTime: '2026-11-27T10:00:05.000Z',
    endTime: '2026-11-27T10:00:05.000Z',
    input: '{orderId=42}',
    output: '{}',
    executionTime: 5000,
    failedReferenceTaskNames: '',
    failedTaskNames: [],
    priority: 0,
    parentWorkflowId: '',
    ...extra,
  }
}

/** GET /api/admin/config of the boot jar `server start` runs: SQLite indexing. */
export const SQLITE_CONFIG: Answer = {
  body: {'sun.java.command': '/x/conductor-server-3.32.3-boot.jar --server.port=8080'},
}
