import type {ConductorClient} from '../client/client.js'
import type {JsonObject} from '../client/types.js'
import {CliError} from '../errors.js'

/** The fields of a polled Task (reference §6) a worker uses. */
export interface PolledTask {
  taskId: string
  workflowInstanceId: string
  taskType: string
  referenceTaskName: string
  inputData: JsonObject
  retryCount?: number
  pollCount?: number
  responseTimeoutSeconds?: number
  workflowType?: string
  correlationId?: string
}

export interface PollRequest {
  taskType: string
  workerId?: string | undefined
  domain?: string | undefined
  count: number
  /** Long poll: the server holds the request until `count` tasks are queued or this much time has passed (≤ 5000). */
  timeoutMs: number
}

/** The server refuses a batch long poll above 5 s (400). */
export const MAX_POLL_TIMEOUT_MS = 5000

/**
 * GET /api/tasks/poll/batch/{type}: tasks are acked (IN_PROGRESS, ours) by the poll itself, so the
 * request is not repeated after it may have reached the server: a lost answer would strand tasks.
 */
export async function pollTasks(client: ConductorClient, request: PollRequest): Promise<PolledTask[]> {
  const answer = await client.json<unknown>('GET', `/tasks/poll/batch/${encodeURIComponent(request.taskType)}`, {
    query: {
      workerid: request.workerId,
      domain: request.domain,
      count: request.count,
      timeout: Math.min(Math.max(0, Math.round(request.timeoutMs)), MAX_POLL_TIMEOUT_MS),
    },
    idempotent: false,
  })
  if (answer === undefined) return []
  if (!Array.isArray(answer))
    throw new CliError('server', `GET /api/tasks/poll/batch/${request.taskType}: expected a list of tasks`, {
      hint: 'Check that --server points at a Conductor server.',
    })
  return answer.filter(isTask).map((t) => ({...t, inputData: t.inputData ?? {}}))
}

function isTask(value: unknown): value is PolledTask {
  const t = value as Partial<PolledTask> | null
  return typeof t === 'object' && t !== null && typeof t.taskId === 'string' && typeof t.workflowInstanceId === 'string'
}
