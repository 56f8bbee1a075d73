import type {Json, JsonObject} from '../client/types.js'
import {isObject} from '../json.js'

/**
 * Reading an object that may be a task result (a worker's stdout, a `workflow test` mock) in our
 * short names or in Conductor's own (TaskResult: status, outputData, reasonForIncompletion, logs).
 * The rule both follow: an object whose `status` is one of Conductor's task statuses is a result,
 * never silently the task's output; a result with keys a result does not have is an error.
 */

/** Task.Status of Conductor (common/metadata/tasks/Task.java): the one list, kept with the search fields. */
export {TASK_STATUSES} from '../search/fields.js'
import {TASK_STATUSES} from '../search/fields.js'

/** Our name → Conductor's name for the same field. */
const ALIASES = {output: 'outputData', reason: 'reasonForIncompletion'} as const

export interface ResultFields {
  status?: string | undefined
  output?: JsonObject | undefined
  reason?: string | undefined
  /** Log lines: strings, or TaskExecLog objects ({log, createdTime}) reduced to their text. */
  logs?: string[] | undefined
  /** Every other key that was allowed, as given. */
  extra: JsonObject
}

export type Shape =
  {kind: 'output'} | {kind: 'result'; fields: ResultFields} | {kind: 'invalid'; message: string; hint: string}

export const isTaskStatus = (value: unknown): value is (typeof TASK_STATUSES)[number] =>
  typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value)

/**
 * `extraKeys`: the other keys a result may have here (callbackAfterSeconds, executionTime, ...).
 * `ignoredKeys`: Conductor fields that may come along and mean nothing here (taskId, ...).
 */
export function readShape(
  value: Json,
  options: {extraKeys: readonly string[]; ignoredKeys?: readonly string[]},
): Shape {
  if (!isObject(value)) return {kind: 'output'}
  const known = new Set<string>([
    'status',
    'output',
    'outputData',
    'reason',
    'reasonForIncompletion',
    'logs',
    ...options.extraKeys,
    ...(options.ignoredKeys ?? []),
  ])
  const keys = Object.keys(value)
  const unknown = keys.filter((k) => !known.has(k))
  const statusNamed = isTaskStatus(value.status)
  // without a task status: a result only when every key is a result's and it carries an output
  const looksLikeResult = keys.length > 0 && unknown.length === 0 && !('status' in value) && hasOutput(value)
  if (!statusNamed && !looksLikeResult) return {kind: 'output'}
  if (!statusNamed && invalidTypes(value)) return {kind: 'output'}
  const hint = 'Put the task output under "output" (or "outputData"): {"status": "COMPLETED", "output": {...}}.'
  if (unknown.length > 0)
    return {
      kind: 'invalid',
      message: `a task result (status ${String(value.status)}) with key${unknown.length === 1 ? '' : 's'} a result does not have: ${unknown.join(', ')}`,
      hint,
    }
  for (const [ours, theirs] of Object.entries(ALIASES))
    if (ours in value && theirs in value)
      return {kind: 'invalid', message: `both "${ours}" and "${theirs}" (the same field): give one`, hint}
  const output = value.output ?? value.outputData
  if (output !== undefined && output !== null && !isObject(output))
    return {kind: 'invalid', message: `"${'output' in value ? 'output' : 'outputData'}" must be an object`, hint}
  const status = statusNamed ? (value.status as string) : undefined
  const reason = value.reason ?? value.reasonForIncompletion
  const logs = value.logs
  if (logs !== undefined && logs !== null && !Array.isArray(logs))
    return {kind: 'invalid', message: '"logs" must be a list of lines', hint}
  const extra: JsonObject = {}
  for (const k of options.extraKeys) if (k in value) extra[k] = value[k] as Json
  return {
    kind: 'result',
    fields: {
      status,
      output: isObject(output) ? output : undefined,
      reason:
        reason === undefined || reason === null
          ? undefined
          : typeof reason === 'string'
            ? reason
            : JSON.stringify(reason),
      logs: Array.isArray(logs) ? logs.map(logLine) : undefined,
      extra,
    },
  }
}

/** Without a task status, an object whose result fields have the wrong types is just output. */
function invalidTypes(value: JsonObject): boolean {
  const output = value.output ?? value.outputData
  return (
    (output !== undefined && output !== null && !isObject(output)) ||
    (value.logs !== undefined && !Array.isArray(value.logs))
  )
}

function hasOutput(value: JsonObject): boolean {
  return 'output' in value || 'outputData' in value
}

/** A TaskExecLog ({log, createdTime, taskId}) is its text; anything else is printed as JSON. */
function logLine(entry: Json): string {
  if (typeof entry === 'string') return entry
  if (isObject(entry) && typeof entry.log === 'string') return entry.log
  return JSON.stringify(entry)
}
