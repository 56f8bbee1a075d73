import {formatDuration} from '../duration.js'
import type {Task, Workflow} from './types.js'

/** Plain text views of an execution for people (the --json view is the server's document). */

export interface TaskRow {
  ref: string
  type: string
  status: string
  attempt: number
  duration: string
  reason: string
  taskId: string
}

export const TASK_COLUMNS = [
  {header: 'Ref', get: (r: TaskRow) => r.ref},
  {header: 'Type', get: (r: TaskRow) => r.type},
  {header: 'Status', get: (r: TaskRow) => r.status},
  {header: 'Attempt', get: (r: TaskRow) => r.attempt},
  {header: 'Duration', get: (r: TaskRow) => r.duration},
  {header: 'Reason', get: (r: TaskRow) => r.reason},
]

export function time(ms: number | undefined): string {
  return ms
    ? new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z')
    : ''
}

function span(start: number | undefined, end: number | undefined, now: number): string {
  if (!start) return ''
  if (!end) return `${formatDuration(now - start)}…`
  return formatDuration(end - start)
}

export function taskRows(workflow: Workflow, now = Date.now()): TaskRow[] {
  return [...(workflow.tasks ?? [])]
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
    .map((t: Task) => ({
      ref: t.referenceTaskName,
      type: t.taskType,
      status: t.status,
      attempt: (t.retryCount ?? 0) + 1,
      duration: span(t.startTime, t.endTime, now),
      reason: t.reasonForIncompletion ?? '',
      taskId: t.taskId,
    }))
}

function block(value: unknown): string {
  const text = JSON.stringify(value ?? {}, null, 2)
  return text.length <= 60 ? JSON.stringify(value ?? {}) : '\n' + text.replace(/^/gm, '  ')
}

/** The header lines of `execution get`. */
export function summaryLines(workflow: Workflow, now = Date.now()): string[] {
  const lines: [string, string][] = [
    [
      'Workflow',
      `${workflow.workflowName ?? '?'}${workflow.workflowVersion === undefined ? '' : ` v${workflow.workflowVersion}`}`,
    ],
    ['ID', workflow.workflowId],
    ['Status', workflow.status],
  ]
  if (workflow.reasonForIncompletion) lines.push(['Reason', workflow.reasonForIncompletion])
  if (workflow.correlationId) lines.push(['Correlation', workflow.correlationId])
  if (typeof workflow.parentWorkflowId === 'string') lines.push(['Parent', workflow.parentWorkflowId])
  lines.push(['Started', time(workflow.startTime)])
  if (workflow.endTime) lines.push(['Ended', time(workflow.endTime)])
  const took = span(workflow.startTime, workflow.endTime, now)
  if (took) lines.push(['Duration', took])
  lines.push(['Input', block(workflow.input)], ['Output', block(workflow.output)])
  if (workflow.variables && Object.keys(workflow.variables).length > 0)
    lines.push(['Variables', block(workflow.variables)])
  return lines.map(([k, v]) => `${(k + ':').padEnd(13)}${v}`)
}
