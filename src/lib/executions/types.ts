import {CliError} from '../errors.js'
import type {JsonObject} from '../client/types.js'

export const WORKFLOW_STATUSES = ['RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'TIMED_OUT', 'TERMINATED'] as const
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number]
export const TERMINAL_STATUSES: readonly WorkflowStatus[] = ['COMPLETED', 'FAILED', 'TIMED_OUT', 'TERMINATED']

/** The fields of a Task (execution) we read; the rest are kept as the server sent them. */
export interface Task {
  taskId: string
  referenceTaskName: string
  taskType: string
  status: string
  seq?: number
  retryCount?: number
  scheduledTime?: number
  startTime?: number
  endTime?: number
  reasonForIncompletion?: string
  inputData?: JsonObject
  outputData?: JsonObject
  [key: string]: unknown
}

/** The execution document of GET /api/workflow/{id}. */
export interface Workflow {
  workflowId: string
  workflowName?: string
  workflowVersion?: number
  status: WorkflowStatus
  correlationId?: string
  input?: JsonObject
  output?: JsonObject
  variables?: JsonObject
  tasks?: Task[]
  startTime?: number
  endTime?: number
  updateTime?: number
  reasonForIncompletion?: string
  [key: string]: unknown
}

export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status)
}

/** Checks the few fields we rely on, so a proxy's HTML page or a foreign server fails clearly. */
export function asWorkflow(value: unknown, id: string): Workflow {
  const doc = value as Partial<Workflow> | undefined
  if (!doc || typeof doc !== 'object' || typeof doc.workflowId !== 'string' || typeof doc.status !== 'string')
    throw new CliError(
      'server',
      `GET /api/workflow/${id}: the answer is not a workflow execution (no workflowId/status)`,
      {
        hint: 'Check that --server points at a Conductor server.',
      },
    )
  if (doc.tasks !== undefined && !Array.isArray(doc.tasks)) doc.tasks = []
  return doc as Workflow
}
