import type {ConductorClient} from '../client/client.js'
import {CliError} from '../errors.js'
import {BulkInterrupted, PAST_TENSE, runBulk, singleAction, type BulkOperation, type BulkSettings} from './bulk.js'
import {applyToEach, summaryError, type ControlResult} from './control.js'
import {argumentIds, fromList, fromQuery, readIds, type Targets} from './targets.js'

/**
 * One flow for pause, resume, retry, restart, terminate and delete: find the targets (ids, stdin or
 * a search), say what they are, ask, then act (one id: its own endpoint, with explained refusals;
 * more: the bulk endpoints), report per id and end with the exit code of the failures.
 * The command supplies the terminal through ControlIo; nothing here knows of oclif.
 */

export interface ControlIo {
  client(): Promise<ConductorClient>
  /** A line for people on stderr (silent under --json). */
  note(message: string): void
  /** Proceeds with --yes, asks on a terminal, refuses (usage error naming --yes) elsewhere. */
  confirm(question: string): Promise<void>
  /** Prints the results (not under --json: they are the returned value). */
  render(results: ControlResult[]): Promise<void>
  /** Streams dry-run ids to stdout (not called under --json). */
  write(text: string): void
  /** Progress of a bulk run for people ("120 of 1000 done…"); `undefined` ends it. */
  progress(text: string | undefined): void
  json: boolean
  /** Read only for `-`. */
  stdin(): AsyncIterable<string | Buffer>
}

export interface ControlRequest {
  op: BulkOperation
  argv: readonly unknown[]
  query?: string | undefined
  dryRun: boolean
  /** terminate, restart and delete ask even for ids given as arguments. */
  confirmAlways: boolean
  settings: BulkSettings
}

/** --dry-run --json */
export interface DryRun {
  dryRun: true
  operation: BulkOperation
  count: number
  ids: string[]
}

export type ControlOutcome = ControlResult[] | DryRun

/** The part of each control command's help that is the same for all six. */
export const CONTROL_HELP = [
  'Ids come as arguments, on stdin with `-` (one per line or separated by spaces; repeats dropped), or from a search with',
  "--query (the language of `conductor search`). With more than one id the server's bulk endpoints are used, 250 ids per",
  'request, 4 requests at once; ids are read from the search page by page as they are sent. Before acting on more than one',
  'execution from stdin or --query it shows the count and the first few, and asks (--yes is needed without a terminal).',
  '--dry-run prints the ids it would act on and sends nothing that changes anything.',
  'Each id gets a line {id, ok, message} (a table, -o json|yaml|jsonl|csv, or a list with --json), and a summary goes to',
  'stderr. One failure does not stop the others; the exit code is that of the failures (4 not found, 5 wrong state, ...;',
  '1 when they differ).',
]

export async function controlExecutions(io: ControlIo, request: ControlRequest): Promise<ControlOutcome> {
  const {op} = request
  const targets = await findTargets(io, request)
  const what =
    targets.source === 'query' ? `match ${request.query ?? ''}` : targets.source === 'stdin' ? 'on stdin' : undefined
  if (targets.count === 0) {
    io.note(
      targets.source === 'query' ? `No executions ${what}; nothing to ${op}.` : `No ids on stdin; nothing to ${op}.`,
    )
    return request.dryRun && io.json ? {dryRun: true, operation: op, count: 0, ids: []} : []
  }
  const many = targets.source !== 'args' && targets.count > 1
  if (many) io.note(describe(targets, what ?? ''))
  if (request.dryRun) return dryRun(io, op, targets)
  if (many || request.confirmAlways) await io.confirm(confirmQuestion(op, targets, request.query))

  const client = await io.client()
  let results: ControlResult[]
  if (targets.count === 1) {
    const ids: string[] = []
    for await (const id of targets.ids) ids.push(id)
    results = await applyToEach(client, op, ids, singleAction(client, op, request.settings))
  } else {
    results = await bulk(io, client, op, targets, request.settings)
  }
  await io.render(results)
  if (results.length > 1) io.note(summaryLine(op, results))
  const failed = summaryError(op, results)
  if (failed) throw failed
  return results
}

async function findTargets(io: ControlIo, request: ControlRequest): Promise<Targets> {
  if (request.query !== undefined) {
    if (request.argv.length > 0)
      throw new CliError('usage', 'Give ids or --query, not both', {
        hint: 'The query chooses the executions; ids as arguments (or `-`) name them.',
      })
    if (!request.query.trim())
      throw new CliError('usage', '--query is empty', {
        hint: 'For example --query "status=FAILED and workflow=orders and since 24h".',
      })
    return fromQuery(await io.client(), request.query, {now: Date.now()})
  }
  const ids = argumentIds(request.argv)
  if (ids === undefined)
    throw new CliError('usage', 'Missing workflow id', {
      hint: 'Give one or more ids, `-` to read them from stdin, or --query QUERY to act on the executions a search finds.',
    })
  return ids === 'stdin' ? fromList('stdin', await readIds(io.stdin())) : fromList('args', ids)
}

function describe(targets: Targets, what: string): string {
  const head = `${targets.upTo ? 'Up to ' : ''}${targets.count} executions ${what}`
  const width = Math.max(...targets.sample.map((s) => (s.workflowType ?? '').length))
  const lines = targets.sample.map(
    (s) => `  ${s.id}${s.workflowType === undefined ? '' : `  ${s.workflowType.padEnd(width)}  ${s.status ?? ''}`}`,
  )
  const more = targets.count - targets.sample.length
  return [`${head}:`, ...lines, ...(more > 0 ? [`  … and ${more} more`] : [])].join('\n')
}

function confirmQuestion(op: BulkOperation, targets: Targets, query: string | undefined): string {
  const verb = `${op[0]?.toUpperCase()}${op.slice(1)}`
  if (targets.source === 'query')
    return `${verb} ${targets.count === 1 ? 'the execution' : `${targets.upTo ? 'up to ' : ''}${targets.count} executions`} matching ${query ?? ''}?`
  const ids = targets.sample.map((s) => s.id)
  const shown = targets.count <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${targets.count - 3} more`
  return `${verb} ${targets.count === 1 ? 'execution' : `${targets.count} executions`} ${shown}?`
}

async function dryRun(io: ControlIo, op: BulkOperation, targets: Targets): Promise<DryRun> {
  const ids: string[] = []
  let count = 0
  let batch: string[] = []
  for await (const id of targets.ids) {
    count++
    if (io.json) ids.push(id)
    else batch.push(id)
    if (batch.length >= 1000) {
      io.write(batch.join('\n') + '\n')
      batch = []
    }
  }
  if (batch.length > 0) io.write(batch.join('\n') + '\n')
  io.note(`Dry run: ${count} ${count === 1 ? 'execution' : 'executions'} would be ${PAST_TENSE[op]}; nothing was sent.`)
  return {dryRun: true, operation: op, count, ids}
}

async function bulk(
  io: ControlIo,
  client: ConductorClient,
  op: BulkOperation,
  targets: Targets,
  settings: BulkSettings,
): Promise<ControlResult[]> {
  io.progress(`0 of ${targets.count} done…`)
  try {
    return await runBulk(client, op, targets.ids, settings, {
      onProgress: (done, failed) =>
        io.progress(
          `${done} of ${targets.upTo ? 'up to ' : ''}${targets.count} done${failed ? ` (${failed} failed)` : ''}…`,
        ),
    })
  } catch (error) {
    if (!(error instanceof BulkInterrupted)) throw error
    io.progress(undefined)
    await io.render(error.results)
    if (error.results.length > 0) io.note(summaryLine(op, error.results))
    io.note(
      `Stopped after ${error.results.length} of ${targets.upTo ? 'up to ' : ''}${targets.count}; the rest were not sent.`,
    )
    throw error.cause
  } finally {
    io.progress(undefined)
  }
}

/** "998 retried, 2 failed" */
export function summaryLine(op: BulkOperation, results: readonly ControlResult[]): string {
  const failed = results.filter((r) => !r.ok).length
  return `${results.length - failed} ${PAST_TENSE[op]}${failed > 0 ? `, ${failed} failed` : ''}`
}
