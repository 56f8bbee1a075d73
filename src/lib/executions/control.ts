import {ApiError} from '../client/api-error.js'
import type {ConductorClient} from '../client/client.js'
import {CliError, EXIT_CODES, type ErrorKind} from '../errors.js'
import {explainError, worthAskingStatus, type Operation, type RefusalContext} from './explain.js'
import {getStatus} from './service.js'

/** One line of the result table of a control command. */
export interface ControlResult {
  id: string
  ok: boolean
  message: string
  /** On failure: the error kind (its exit code is in the README table). */
  kind?: ErrorKind
  hint?: string
}

export const RESULT_COLUMNS = [
  {header: 'ID', get: (r: ControlResult) => r.id, fixed: true},
  {header: 'OK', get: (r: ControlResult) => (r.ok ? 'yes' : 'no')},
  {header: 'Message', get: (r: ControlResult) => r.message},
]

/** Positional ids of a non-strict command; unknown flags land there too, so refuse anything like a flag. */
export function workflowIds(argv: readonly unknown[], what = 'workflow id'): string[] {
  const ids = argv.map(String)
  const flag = ids.find((a) => a.startsWith('-'))
  if (flag) throw new CliError('usage', `Unknown flag ${flag}`, {hint: 'See `--help` for the flags of this command.'})
  if (ids.length === 0) throw new CliError('usage', `Missing ${what}`, {hint: 'Give one or more ids.'})
  return [...new Set(ids)]
}

export interface ApplyOptions {
  /** Extra context for explanations (e.g. the task ref). */
  context?: (id: string) => Omit<RefusalContext, 'id' | 'current'>
  concurrency?: number
}

/**
 * Runs `action` on every id (a few at a time, results in the order given); one failure does not stop
 * the rest. A refusal is explained using the workflow's current status, read after the fact.
 */
export async function applyToEach(
  client: ConductorClient,
  op: Operation,
  ids: readonly string[],
  action: (id: string) => Promise<string>,
  options: ApplyOptions = {},
): Promise<ControlResult[]> {
  const results: ControlResult[] = new Array<ControlResult>(ids.length)
  let next = 0
  const worker = async () => {
    while (next < ids.length) {
      const index = next++
      const id = ids[index] as string
      results[index] = await applyOne(client, op, id, action, options)
    }
  }
  await Promise.all(Array.from({length: Math.min(options.concurrency ?? 4, ids.length)}, worker))
  return results
}

async function applyOne(
  client: ConductorClient,
  op: Operation,
  id: string,
  action: (id: string) => Promise<string>,
  options: ApplyOptions,
): Promise<ControlResult> {
  try {
    return {id, ok: true, message: await action(id)}
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    if (!(error instanceof ApiError)) return failed(id, error)
    const current = worthAskingStatus(error) ? await getStatus(client, id).catch(() => undefined) : undefined
    return failed(id, explainError(op, error, {id, current, ...options.context?.(id)}) as CliError)
  }
}

function failed(id: string, error: CliError): ControlResult {
  return {id, ok: false, message: error.message, kind: error.kind, ...(error.hint ? {hint: error.hint} : {})}
}

/**
 * The error to end with when some ids failed: when every id failed and the failures agree, their kind
 * (all not found: 4); when some succeeded or the failures differ, a partial failure (9).
 */
export function summaryError(op: string, results: readonly ControlResult[]): CliError | undefined {
  const failures = results.filter((r) => !r.ok)
  if (failures.length === 0) return undefined
  const kinds = new Set(failures.map((r) => r.kind ?? 'partial'))
  const kind: ErrorKind =
    failures.length === results.length && kinds.size === 1 ? ([...kinds][0] as ErrorKind) : 'partial'
  const first = failures[0] as ControlResult
  const message =
    results.length === 1
      ? first.message
      : `${op}: ${failures.length} of ${results.length} failed${failures.length === 1 ? ` (${first.id}: ${first.message})` : ''}`
  return new CliError(kind, message, {
    hint: failures.length === 1 ? first.hint : undefined,
    result: results,
  })
}

export function exitCodeOf(results: readonly ControlResult[]): number {
  const error = summaryError('', results)
  return error ? EXIT_CODES[error.kind] : 0
}
