import {CliError} from '../errors.js'
import type {JsonObject} from '../client/types.js'
import type {Field, OnlyServerFields, ServerTask, ServerWorkflow} from '../client/server-model.js'

export const WORKFLOW_STATUSES = ['RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'TIMED_OUT', 'TERMINATED'] as const
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number]
/** Our list of statuses is the server's (its OpenAPI document): compiles only while the two agree. */
export const statusesAreTheServers: [WorkflowStatus] extends [Field<ServerWorkflow, 'status'>]
  ? [Field<ServerWorkflow, 'status'>] extends [WorkflowStatus]
    ? true
    : never
  : never = true
export const TERMINAL_STATUSES: readonly WorkflowStatus[] = ['COMPLETED', 'FAILED', 'TIMED_OUT', 'TERMINATED']

/** The fields of a Task (execution) we read (the server's Task in its OpenAPI document); the rest kept as sent. */
export interface Task {
  taskId: Field<ServerTask, 'taskId'>
  referenceTaskName: Field<ServerTask, 'referenceTaskName'>
  taskType: Field<ServerTask, 'taskType'>
  status: string
  seq?: Field<ServerTask, 'seq'>
  retryCount?: Field<ServerTask, 'retryCount'>
  scheduledTime?: Field<ServerTask, 'scheduledTime'>
  startTime?: Field<ServerTask, 'startTime'>
  endTime?: Field<ServerTask, 'endTime'>
  reasonForIncompletion?: Field<ServerTask, 'reasonForIncompletion'>
  inputData?: JsonObject
  outputData?: JsonObject
  [key: string]: unknown
}
export const taskFieldsAreTheServers: OnlyServerFields<Task, ServerTask> = true

/** The execution document of GET /api/workflow/{id} (the server's Workflow in its OpenAPI document). */
export interface Workflow {
  workflowId: Field<ServerWorkflow, 'workflowId'>
  workflowName?: Field<ServerWorkflow, 'workflowName'>
  workflowVersion?: Field<ServerWorkflow, 'workflowVersion'>
  status: WorkflowStatus
  correlationId?: Field<ServerWorkflow, 'correlationId'>
  input?: JsonObject
  output?: JsonObject
  variables?: JsonObject
  tasks?: Task[]
  startTime?: Field<ServerWorkflow, 'startTime'>
  endTime?: Field<ServerWorkflow, 'endTime'>
  updateTime?: Field<ServerWorkflow, 'updateTime'>
  reasonForIncompletion?: Field<ServerWorkflow, 'reasonForIncompletion'>
  [key: string]: unknown
}
export const workflowFieldsAreTheServers: OnlyServerFields<Workflow, ServerWorkflow> = true

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
