import type {SearchKind} from './fields.js'
import {truncate} from './rows.js'
import {epochMs, type Summary, type TaskSummary, type WorkflowSummary} from './types.js'

/**
 * --group-by: counts matches per workflow, failed task, normalised reason or status, keeping one
 * sample id and the first/last start time per group; memory grows with the groups, not the matches.
 */
export const GROUP_BY = ['workflow', 'task', 'reason', 'status'] as const
export type GroupBy = (typeof GROUP_BY)[number]

export interface Group {
  /** The workflow name, task reference, normalised reason or status. */
  key: string
  count: number
  /** One workflow id of the group (the first one read: the newest with the default sort). */
  sample: string
  firstStart: string
  lastStart: string
  /** A command that narrows the search to the group (exact, or with --text when it cannot be). */
  next?: string
}

export const NO_TASK = '(no failed task)'
export const NO_REASON = '(no reason)'
export const OTHER = '(other groups)'
const REASON_LENGTH = 120
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi
const HEX_ID = /\b(?=[0-9a-f]*\d)[0-9a-f]{16,}\b/gi
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/gi
const NUMBER = /\d+(?:\.\d+)?/g

/** Reasons that differ only by ids, times and numbers fall into one group. */
export function normaliseReason(reason: unknown): string {
  if (typeof reason !== 'string' || reason.trim() === '') return NO_REASON
  const text = reason
    .replace(UUID, '<id>')
    .replace(ISO_TIME, '<time>')
    .replace(HEX_ID, '<id>')
    .replace(NUMBER, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
  return truncate(text, REASON_LENGTH)
}

export function groupKeys(by: GroupBy, kind: SearchKind, row: Summary): string[] {
  switch (by) {
    case 'workflow':
      return [row.workflowType || '(unknown)']
    case 'status':
      return [row.status || '(unknown)']
    case 'reason':
      return [normaliseReason(row.reasonForIncompletion)]
    case 'task': {
      if (kind === 'task') return [(row as TaskSummary).taskDefName || (row as TaskSummary).taskType || '(unknown)']
      const w = row as WorkflowSummary
      const refs = (w.failedReferenceTaskNames ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
      if (refs.length > 0) return [...new Set(refs)]
      const names = (w.failedTaskNames ?? []).filter((s): s is string => typeof s === 'string' && s !== '')
      return names.length > 0 ? [...new Set(names)] : [NO_TASK]
    }
  }
}

interface Tally {
  count: number
  sample: string
  first: number
  last: number
}

export class Grouper {
  /** Rows read (a workflow with two failed tasks counts once here, and once in each task group). */
  total = 0
  private readonly tallies = new Map<string, Tally>()

  constructor(
    readonly by: GroupBy,
    readonly kind: SearchKind,
    private readonly maxGroups = 10_000,
  ) {}

  add(row: Summary): void {
    this.total++
    const id = this.kind === 'workflow' ? (row as WorkflowSummary).workflowId : (row as TaskSummary).taskId
    const start = epochMs(row.startTime) ?? 0
    for (const found of groupKeys(this.by, this.kind, row)) {
      const key = this.tallies.has(found) || this.tallies.size < this.maxGroups ? found : OTHER
      const tally = this.tallies.get(key)
      if (tally) {
        tally.count++
        tally.first = Math.min(tally.first, start)
        tally.last = Math.max(tally.last, start)
      } else this.tallies.set(key, {count: 1, sample: id, first: start, last: start})
    }
  }

  /** Most frequent first; ties by name. */
  groups(): Group[] {
    const iso = (ms: number) => (ms > 0 ? new Date(ms).toISOString() : '')
    return [...this.tallies.entries()]
      .map(([key, t]) => ({key, count: t.count, sample: t.sample, firstStart: iso(t.first), lastStart: iso(t.last)}))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
  }
}

/**
 * The command that lists one group, piped into a retry when the search is about failures.
 * Workflow and status groups narrow the query exactly; task and reason groups can only be approached
 * with --text (a substring of the stored summary), so they say so.
 */
export function nextCommand(
  query: string,
  by: GroupBy,
  key: string,
  options: {kind: SearchKind; retry: boolean; others?: readonly string[]},
): string | undefined {
  if (key === OTHER || key === '(unknown)') return undefined
  const and = (clause: string) => (query.trim() ? `${query.trim()} and ${clause}` : clause)
  const tasks = options.kind === 'task' ? ' --tasks' : ''
  let search: string
  if (by === 'workflow') search = `conductor search ${shellQuote(and(`workflow=${queryValue(key)}`))}${tasks}`
  else if (by === 'status') search = `conductor search ${shellQuote(and(`status=${key}`))}${tasks}`
  else if (by === 'task' && options.kind === 'task')
    search = `conductor search ${shellQuote(and(`task=${queryValue(key)}`))}${tasks}`
  else {
    const fragment = by === 'reason' ? reasonFragment(key, options.others) : key === NO_TASK ? undefined : key
    if (!fragment) return undefined
    search = `conductor search ${shellQuote(query.trim())}${tasks} --text ${shellQuote(fragment)}`
  }
  return options.retry && options.kind === 'workflow' ? `${search} --all --ids | conductor retry - --yes` : search
}

/**
 * The longest literal run of a normalised reason that no other group's reason contains, usable as
 * --text (quotes and backslashes are escaped in the stored JSON): so the command suggested for one
 * group never lists another group too. None when every run is shorter than 8 or shared.
 */
export function reasonFragment(reason: string, others: readonly string[] = []): string | undefined {
  if (reason === NO_REASON) return undefined
  const runs = reason
    .replace(/…$/, '')
    .split(/<id>|<time>|<n>|["\\]/)
    .map((s) => s.trim())
    .filter((run) => run.length >= 8)
    .sort((a, b) => b.length - a.length)
  return runs.find((run) => !others.some((other) => other !== reason && other.includes(run)))
}

/** Each group with the command that lists it (where one exists that lists that group alone). */
export function withNextCommands<G extends {key: string}>(
  groups: G[],
  query: string,
  by: GroupBy,
  options: {kind: SearchKind; retry: boolean},
): (G & {next?: string})[] {
  const others = groups.map((g) => g.key)
  return groups.map((g) => {
    const next = nextCommand(query, by, g.key, {...options, others})
    return next ? {...g, next} : g
  })
}

function queryValue(value: string): string {
  return /^[\w.\-:*]+$/.test(value) ? value : `"${value}"`
}

export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`
}

/** Statuses a retry applies to. */
export const RETRYABLE = ['FAILED', 'TIMED_OUT', 'TERMINATED']

/** True when the compiled query limits status to a subset of `allowed` (so a retry makes sense). */
export function onlyStatuses(query: string, allowed: string[]): boolean {
  const clauses = query.split(' AND ').filter((c) => c.startsWith('status'))
  if (clauses.length === 0) return false
  return clauses.some((c) => {
    const values = (
      /^status(?:="([^"]*)"| IN \(([^)]*)\))$/
        .exec(c)
        ?.slice(1)
        .find((v) => v !== undefined) ?? ''
    ).split(',')
    return values.every((v) => allowed.includes(v))
  })
}
