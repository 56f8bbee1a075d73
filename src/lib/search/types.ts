import type {Json} from '../client/types.js'

/** A row of GET /workflow/search. Times are ISO-8601 strings; input/output are strings too. */
export interface WorkflowSummary {
  workflowId: string
  workflowType?: string
  version?: number
  status?: string
  correlationId?: string
  startTime?: string
  updateTime?: string
  endTime?: string
  executionTime?: number
  reasonForIncompletion?: string
  /** CSV of task reference names. */
  failedReferenceTaskNames?: string
  failedTaskNames?: string[]
  parentWorkflowId?: string
  [key: string]: Json | undefined
}

/** A row of GET /tasks/search. */
export interface TaskSummary {
  taskId: string
  workflowId?: string
  workflowType?: string
  correlationId?: string
  taskDefName?: string
  taskType?: string
  status?: string
  scheduledTime?: string
  startTime?: string
  updateTime?: string
  endTime?: string
  executionTime?: number
  reasonForIncompletion?: string
  [key: string]: Json | undefined
}

export type Summary = WorkflowSummary | TaskSummary

/** ISO string (or epoch ms) → epoch ms; undefined for missing or the 1970 placeholder of unset times. */
export function epochMs(value: unknown): number | undefined {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN
  return Number.isFinite(ms) && ms > 0 ? ms : undefined
}

/** The index behind the server's search (backend.ts finds out which). */
export type SearchBackend = 'sqlite' | 'postgres' | 'elasticsearch' | 'unknown'
