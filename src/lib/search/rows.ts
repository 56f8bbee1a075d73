import {formatDuration} from '../duration.js'
import type {Column} from '../output/formats.js'
import type {SearchKind} from './fields.js'
import {epochMs, type Summary, type TaskSummary, type WorkflowSummary} from './types.js'

/** The columns of search results: short for people (table), exact for machines (csv). */

const ENDED = new Set([
  'COMPLETED',
  'FAILED',
  'TIMED_OUT',
  'TERMINATED',
  'CANCELED',
  'FAILED_WITH_TERMINAL_ERROR',
  'COMPLETED_WITH_ERRORS',
  'SKIPPED',
])

export function durationMs(row: Summary, now: number): {ms: number; running: boolean} | undefined {
  const start = epochMs(row.startTime)
  if (!ENDED.has(row.status ?? ''))
    return start === undefined ? undefined : {ms: Math.max(0, now - start), running: true}
  if (typeof row.executionTime === 'number' && row.executionTime > 0) return {ms: row.executionTime, running: false}
  const end = epochMs(row.endTime)
  return start !== undefined && end !== undefined ? {ms: Math.max(0, end - start), running: false} : undefined
}

function shortTime(value: unknown): string {
  const ms = epochMs(value)
  return ms === undefined
    ? ''
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z')
}

function duration(row: Summary, now: number): string {
  const d = durationMs(row, now)
  return d ? `${formatDuration(d.ms)}${d.running ? '…' : ''}` : ''
}

export function oneLine(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : ''
}

export function taskName(row: TaskSummary): string {
  const def = row.taskDefName ?? ''
  const type = row.taskType ?? ''
  return def && type && def !== type ? `${def} (${type})` : def || type
}

export function tableColumns(kind: SearchKind, now: number): Column<Summary>[] {
  if (kind === 'task')
    return [
      {header: 'Task ID', get: (r) => (r as TaskSummary).taskId},
      {header: 'Workflow ID', get: (r) => r.workflowId, fixed: true},
      {header: 'Task', get: (r) => taskName(r as TaskSummary)},
      {header: 'Status', get: (r) => r.status},
      {header: 'Start', get: (r) => shortTime(r.startTime)},
      {header: 'Duration', get: (r) => duration(r, now)},
      {header: 'Reason', get: (r) => oneLine(r.reasonForIncompletion)},
    ]
  return [
    {header: 'ID', get: (r) => (r as WorkflowSummary).workflowId, fixed: true},
    {header: 'Workflow', get: (r) => r.workflowType},
    {header: 'Version', get: (r) => r.version},
    {header: 'Status', get: (r) => r.status},
    {header: 'Start', get: (r) => shortTime(r.startTime)},
    {header: 'Duration', get: (r) => duration(r, now)},
    {header: 'Correlation ID', get: (r) => r.correlationId},
    {header: 'Reason', get: (r) => oneLine(r.reasonForIncompletion)},
  ]
}

export function csvColumns(kind: SearchKind, now: number): Column<Summary>[] {
  const ms = (r: Summary) => durationMs(r, now)?.ms
  if (kind === 'task')
    return [
      {header: 'taskId', get: (r) => (r as TaskSummary).taskId},
      {header: 'workflowId', get: (r) => r.workflowId},
      {header: 'workflowType', get: (r) => r.workflowType},
      {header: 'taskDefName', get: (r) => r.taskDefName},
      {header: 'taskType', get: (r) => r.taskType},
      {header: 'status', get: (r) => r.status},
      {header: 'startTime', get: (r) => r.startTime},
      {header: 'endTime', get: (r) => r.endTime},
      {header: 'durationMs', get: ms},
      {header: 'reasonForIncompletion', get: (r) => r.reasonForIncompletion},
    ]
  return [
    {header: 'workflowId', get: (r) => (r as WorkflowSummary).workflowId},
    {header: 'workflowType', get: (r) => r.workflowType},
    {header: 'version', get: (r) => r.version},
    {header: 'status', get: (r) => r.status},
    {header: 'startTime', get: (r) => r.startTime},
    {header: 'endTime', get: (r) => r.endTime},
    {header: 'durationMs', get: ms},
    {header: 'correlationId', get: (r) => r.correlationId},
    {header: 'reasonForIncompletion', get: (r) => r.reasonForIncompletion},
  ]
}

/**
 * On a terminal, shortens the last column (the reason) so each row fits `width` characters of a
 * bordered table (one space of padding each side of a cell, one border between cells and at the ends).
 */
export function fitLastColumn<R>(rows: R[], columns: Column<R>[], width: number | undefined): Column<R>[] {
  const last = columns[columns.length - 1]
  if (!last || !width || width <= 0) return columns
  const others = columns.slice(0, -1)
  const used = others.reduce(
    (sum, c) => sum + Math.max(c.header.length, ...rows.map((r) => String(c.get(r) ?? '').length)) + 2,
    0,
  )
  const room = Math.max(last.header.length, 10, width - used - (columns.length + 1) - 2)
  return [...others, {header: last.header, get: (r) => truncate(String(last.get(r) ?? ''), room)}]
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`
}

/** On a terminal, columns with nothing in any row only take room: drop those that are optional. */
export function dropEmptyColumns<R>(
  rows: R[],
  columns: Column<R>[],
  optional: readonly string[] = ['Correlation ID', 'Reason', 'Duration'],
): Column<R>[] {
  return columns.filter((c) => !optional.includes(c.header) || rows.some((r) => String(c.get(r) ?? '') !== ''))
}
