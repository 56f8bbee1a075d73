import type {Json, JsonObject} from '../client/types.js'
import {isObject} from '../json.js'
import {readShape} from '../executions/result-shape.js'

/** What a worker command said about one task, before it is sent as a TaskResult. */
export const RESULT_STATUSES = ['COMPLETED', 'FAILED', 'FAILED_WITH_TERMINAL_ERROR', 'IN_PROGRESS'] as const
export type ResultStatus = (typeof RESULT_STATUSES)[number]

export interface TaskOutcome {
  status: ResultStatus
  output: JsonObject
  reason?: string | undefined
  logs: string[]
  callbackAfterSeconds?: number | undefined
}

/** How the child process ended (see run-command.ts). */
export interface ChildExit {
  exitCode: number | null
  signal: string | null
  stdout: string
  /** Last lines of stderr, for the failure reason. */
  stderrTail: string
  timedOut: boolean
  timeoutMs?: number | undefined
  /** The process could not be started, or its output was too large. */
  error?: string | undefined
}

/** The server keeps at most 500 characters of reasonForIncompletion. */
export const MAX_REASON = 500
const WORKER_KEYS = ['callbackAfterSeconds'] as const
/** TaskResult fields a command may echo back that the worker fills itself. */
const IGNORED_KEYS = ['taskId', 'workflowInstanceId', 'workerId'] as const

/**
 * A result the command printed, in our names (status/output/logs/reason/callbackAfterSeconds) or in
 * Conductor's TaskResult names (outputData, reasonForIncompletion, logs as {log} objects).
 * An object whose status is a Conductor task status is always a result: one that is malformed, or
 * names a status a worker cannot set, fails the task and says why. Any other object is the output.
 */
export function asEnvelope(value: Json): TaskOutcome | undefined {
  const shape = readShape(value, {extraKeys: WORKER_KEYS, ignoredKeys: IGNORED_KEYS})
  if (shape.kind === 'output') return undefined
  if (shape.kind === 'invalid') return malformed(`${shape.message}. ${shape.hint}`)
  const {status = 'COMPLETED', output, reason, logs = [], extra} = shape.fields
  if (!(RESULT_STATUSES as readonly string[]).includes(status))
    return malformed(`status ${status} cannot be set by a worker; use one of ${RESULT_STATUSES.join(', ')}`, logs)
  const callback = extra.callbackAfterSeconds
  if (callback !== undefined && (typeof callback !== 'number' || callback < 0))
    return malformed('"callbackAfterSeconds" must be a number of seconds (0 or more)', logs)
  return {
    status: status as ResultStatus,
    output: output ?? {},
    reason,
    logs,
    callbackAfterSeconds: callback as number | undefined,
  }
}

function malformed(problem: string, logs: string[] = []): TaskOutcome {
  return {
    status: 'FAILED',
    output: {},
    reason: clip(`the command printed a task result that cannot be sent: ${problem}`),
    logs,
  }
}

/** stdout of a successful command → status and output: an envelope, a JSON object (the output), or {result: …}. */
export function parseStdout(stdout: string): TaskOutcome {
  const text = stdout.trim()
  if (text === '') return {status: 'COMPLETED', output: {}, logs: []}
  let parsed: Json
  try {
    parsed = JSON.parse(text) as Json
  } catch {
    return {status: 'COMPLETED', output: {result: stdout.replace(/\r?\n$/, '')}, logs: []}
  }
  const envelope = asEnvelope(parsed)
  if (envelope) return envelope
  return {status: 'COMPLETED', output: isObject(parsed) ? parsed : {result: parsed}, logs: []}
}

/** The outcome of one task from how its command ended. */
export function outcomeOf(exit: ChildExit): TaskOutcome {
  if (exit.error) return {status: 'FAILED', output: {}, reason: clip(exit.error), logs: []}
  if (exit.timedOut) {
    const after = exit.timeoutMs === undefined ? '' : ` after ${exit.timeoutMs} ms`
    const head = `timed out${after}; the command was killed`
    const tail = exit.stderrTail.trim()
    return {
      status: 'FAILED',
      output: {},
      reason: tail ? `${head}: ${clip(tail, MAX_REASON - head.length - 2)}` : head,
      logs: [],
    }
  }
  const parsed = parseStdout(exit.stdout)
  if (exit.exitCode === 0) return parsed
  const how = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.exitCode}`
  // A command that says FAILED_WITH_TERMINAL_ERROR (or FAILED) and exits non-zero means it; anything else is FAILED.
  const status: ResultStatus = parsed.status === 'FAILED_WITH_TERMINAL_ERROR' ? 'FAILED_WITH_TERMINAL_ERROR' : 'FAILED'
  const stderr = exit.stderrTail.trim()
  return {
    ...parsed,
    status,
    reason:
      parsed.reason !== undefined
        ? clip(parsed.reason)
        : stderr
          ? `${how}: ${clip(stderr, MAX_REASON - how.length - 2)}`
          : how,
  }
}

/** Keeps the end of a long reason, where the error usually is. */
export function clip(text: string, max = MAX_REASON): string {
  return text.length <= max ? text : '…' + text.slice(text.length - max + 1)
}
