import type {ConductorClient} from '../client/client.js'
import type {Json, JsonObject} from '../client/types.js'
import {deleteWorkflow} from '../definitions/metadata.js'
import {CliError, usageError} from '../errors.js'
import type {BulkOperation} from '../executions/bulk.js'
import type {WorkflowSummary} from '../search/types.js'

/**
 * What the official Go CLI's `workflow` commands print, where scripts read it: the words of its
 * success lines, its search table and CSV, its time formats. Only text; the commands do the rest.
 */

/** The line each control command prints per execution it acted on. */
export function goSuccessLine(op: BulkOperation, id: string): string {
  switch (op) {
    case 'terminate':
      return id
    case 'retry':
      return `workflow ${id} retry initiated successfully`
    case 'delete':
      return `workflow execution ${id} deleted successfully`
    default:
      return `workflow ${id} ${op === 'pause' ? 'paused' : op === 'resume' ? 'resumed' : 'restarted'} successfully`
  }
}

const GERUND: Record<BulkOperation, string> = {
  pause: 'pausing workflow',
  resume: 'resuming workflow',
  retry: 'retrying workflow',
  restart: 'restarting workflow',
  terminate: 'terminating',
  delete: 'deleting workflow execution',
}

/** The line for an execution it could not act on (stderr; the Go CLI printed it on stdout and exited 0). */
export function goFailureLine(op: BulkOperation, id: string, message: string): string {
  return `error ${GERUND[op]} ${id}: ${message}`
}

/** A JSON object given as a flag value (`-i '{"a":1}'`, `--task-input`); anything else is a usage error. */
export function jsonObjectFlag(text: string | undefined, flag: string): JsonObject | undefined {
  if (text === undefined) return undefined
  let value: Json
  try {
    value = JSON.parse(text) as Json
  } catch (error) {
    throw usageError(`${flag}: not valid JSON (${(error as Error).message})`, `Write it as ${flag} '{"key":"value"}'.`)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw usageError(`${flag}: expected a JSON object, got ${JSON.stringify(value)}`)
  return value
}

/** The time formats of the Go CLI's --start-time-after/--before (UTC), or epoch milliseconds. */
export function parseGoTime(text: string, flag: string): number {
  const t = text.trim()
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?Z?)?$/.exec(t)
  if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0))
  m = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(t)
  if (m) return Date.UTC(+m[3]!, +m[1]! - 1, +m[2]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0))
  if (/^\d+$/.test(t)) return Number(t)
  throw new CliError('usage', `${flag}: unable to parse time '${text}'`, {
    hint: 'Supported formats: YYYY-MM-DD HH:MM:SS, YYYY-MM-DD, MM/DD/YYYY, epoch milliseconds.',
  })
}

export interface GoSearchFilters {
  workflow?: string | undefined
  status?: string | undefined
  after?: string | undefined
  before?: string | undefined
}

/** The Go CLI's search flags as a query in the language of `conductor search` (values as `IN (...)` lists). */
export function goSearchQuery(filters: GoSearchFilters): string {
  const list = (text: string) =>
    text
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)
      .join(', ')
  const parts: string[] = []
  if (filters.workflow) parts.push(`workflow in (${list(filters.workflow)})`)
  if (filters.status) parts.push(`status in (${list(filters.status)})`)
  if (filters.after) parts.push(`startTime>${parseGoTime(filters.after, '--start-time-after')}`)
  if (filters.before) parts.push(`startTime<${parseGoTime(filters.before, '--start-time-before')}`)
  return parts.join(' and ')
}

export const SEARCH_HEADERS = ['START TIME', 'WORKFLOW ID', 'WORKFLOW NAME', 'END TIME', 'STATUS'] as const
const WIDTHS = [25, 38, 30, 25, 15]

const searchCells = (r: WorkflowSummary, blank: string): string[] => [
  r.startTime || blank,
  r.workflowId,
  r.workflowType ?? '',
  r.endTime || blank,
  r.status ?? '',
]

/** The Go CLI's fixed-width search table (columns padded to 25, 38, 30, 25, 15). */
export function searchTable(rows: readonly WorkflowSummary[]): string {
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(WIDTHS[i] ?? 0)).join(' ') + '\n'
  return line(SEARCH_HEADERS) + rows.map((r) => line(searchCells(r, '-'))).join('')
}

export const searchCsvColumns = SEARCH_HEADERS.map((header, i) => ({
  header,
  get: (r: WorkflowSummary) => searchCells(r, '')[i],
}))

/** `workflow delete` on stdin: "NAME VERSION" a line (a quoted name may hold spaces); every line checked first. */
export function parseDeleteLines(text: string): {name: string; version: number}[] {
  const targets: {name: string; version: number}[] = []
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim()
    if (!line) continue
    const words = [...line.matchAll(/"([^"]*)"|[^\s"]+/g)].map((m) => m[1] ?? m[0])
    const [name, version] = words
    if (words.length !== 2 || name === undefined || !/^\d+$/.test(version ?? ''))
      throw usageError(`stdin line ${index + 1} "${line}": expected NAME VERSION`, 'For example: order_flow 3')
    targets.push({name, version: Number(version)})
  }
  return targets
}

/** Deletes each version in turn; the first failure ends it, saying what was already deleted. */
export async function deleteEach(
  client: ConductorClient,
  targets: readonly {name: string; version: number}[],
  onDeleted: (target: {name: string; version: number}) => void,
): Promise<{name: string; version: number}[]> {
  const done: {name: string; version: number}[] = []
  for (const target of targets) {
    const {name, version} = target
    try {
      await deleteWorkflow(client, name, version)
    } catch (error) {
      if (!(error instanceof CliError)) throw error
      throw new CliError(error.kind, `Failed to delete workflow '${name}' version ${version}: ${error.message}`, {
        hint: done.length > 0 ? `The ${done.length} line(s) before it were deleted.` : 'Nothing was deleted.',
        result: done,
      })
    }
    onDeleted(target)
    done.push(target)
  }
  return done
}
