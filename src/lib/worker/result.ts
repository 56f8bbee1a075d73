import type {Json, JsonObject} from '../client/types.js'

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
const ENVELOPE_KEYS = new Set(['status', 'output', 'logs', 'reason', 'callbackAfterSeconds'])

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * An object is read as a result envelope when every key is one of status/output/logs/reason/
 * callbackAfterSeconds, it has a status or an output, and those have the right types.
 * Any other object is the task output itself.
 */
export function asEnvelope(value: Json): TaskOutcome | undefined {
  if (!isObject(value)) return undefined
  const keys = Object.keys(value)
  if (keys.length === 0 || !keys.every((k) => ENVELOPE_KEYS.has(k)) || !('status' in value || 'output' in value))
    return undefined
  const {status, output, logs, reason, callbackAfterSeconds} = value
  if (status !== undefined && !(RESULT_STATUSES as readonly Json[]).includes(status)) return undefined
  if (output !== undefined && output !== null && !isObject(output)) return undefined
  if (logs !== undefined && !Array.isArray(logs)) return undefined
  if (callbackAfterSeconds !== undefined && (typeof callbackAfterSeconds !== 'number' || callbackAfterSeconds < 0))
    return undefined
  return {
    status: (status as ResultStatus | undefined) ?? 'COMPLETED',
    output: isObject(output) ? output : {},
    reason:
      reason === undefined || reason === null
        ? undefined
        : typeof reason === 'string'
          ? reason
          : JSON.stringify(reason),
    logs: (logs ?? []).map((l) => (typeof l === 'string' ? l : JSON.stringify(l))),
    callbackAfterSeconds: callbackAfterSeconds as number | undefined,
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
