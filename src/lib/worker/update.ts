import {ApiError, NetworkError} from '../client/api-error.js'
import type {ConductorClient} from '../client/client.js'
import type {JsonObject} from '../client/types.js'
import type {ResultStatus} from './result.js'

/** The TaskResult body of POST /api/tasks (reference §6). */
export interface TaskResult {
  workflowInstanceId: string
  taskId: string
  status: ResultStatus
  outputData: JsonObject
  workerId: string
  reasonForIncompletion?: string
  callbackAfterSeconds?: number
  logs: {log: string; createdTime: number}[]
}

export interface UpdateOptions {
  /** Attempts on top of the transport's own retries, for a server that is restarting. */
  attempts?: number
  delaysMs?: readonly number[]
  sleep?: (ms: number) => Promise<void>
  onRetry?: (attempt: number, delayMs: number, error: Error) => void
}

const DEFAULT_DELAYS = [1000, 2000, 4000, 8000, 15_000]

/**
 * Sends a task's result. Repeating it is safe (the server ignores an update of a task that has
 * already ended), so it is sent as idempotent and tried again while the server is unreachable or
 * answers 5xx/429.
 */
export async function updateTask(
  client: ConductorClient,
  result: TaskResult,
  options: UpdateOptions = {},
): Promise<void> {
  const delays = options.delaysMs ?? DEFAULT_DELAYS
  const attempts = options.attempts ?? delays.length + 1
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  for (let attempt = 1; ; attempt++) {
    try {
      await client.text('POST', '/tasks', {body: result, idempotent: true})
      return
    } catch (error) {
      if (attempt >= attempts || !transient(error) || refused(error)) throw error
      const delay = delays[Math.min(attempt - 1, delays.length - 1)] ?? 1000
      options.onRetry?.(attempt, delay, error as Error)
      await sleep(delay)
    }
  }
}

export function transient(error: unknown): boolean {
  if (error instanceof NetworkError) return true
  return error instanceof ApiError && (error.status === 429 || error.status >= 500)
}

/**
 * The server will never take this result as it is: it said the request is bad, too large, or failed
 * in a way it marks not retryable (3.32.3 answers 500, "retryable": false, to a JSON string over
 * 20,000,000 characters). Sending it again cannot help.
 */
export function refused(error: unknown): error is ApiError {
  if (!(error instanceof ApiError)) return false
  return [400, 413, 422].includes(error.status) || (error.status >= 500 && error.retryable === false)
}
