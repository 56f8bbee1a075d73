import {ApiError} from '../client/api-error.js'
import type {ConductorClient} from '../client/client.js'
import type {JsonObject} from '../client/types.js'
import {CliError} from '../errors.js'
import {asWorkflow, type Task, type Workflow, type WorkflowStatus} from './types.js'

/** Typed calls to the execution endpoints (reference §2.2, §2.4). Anything that changes an execution is sent once. */

const enc = encodeURIComponent
const ONCE = {idempotent: false} as const

export interface StartRequest {
  name: string
  version?: number | undefined
  correlationId?: string | undefined
  priority?: number | undefined
  input: JsonObject
  /** A definition to run without registering it (the server's dynamic start). */
  workflowDef?: JsonObject | undefined
  /** Task name (or `*`) → domain whose workers get the task. */
  taskToDomain?: Record<string, string> | undefined
}

/** POST /api/workflow with the name in the body, which also works for names shadowed by literal routes. */
export async function startWorkflow(client: ConductorClient, request: StartRequest): Promise<string> {
  const body: JsonObject = {name: request.name, input: request.input}
  if (request.version !== undefined) body.version = request.version
  if (request.correlationId !== undefined) body.correlationId = request.correlationId
  if (request.priority !== undefined) body.priority = request.priority
  if (request.workflowDef !== undefined) body.workflowDef = request.workflowDef
  if (request.taskToDomain !== undefined && Object.keys(request.taskToDomain).length > 0)
    body.taskToDomain = request.taskToDomain
  const id = (
    await client.text('POST', '/workflow', {body, ...ONCE}).catch((error: unknown) => {
      if (
        error instanceof ApiError &&
        error.status === 404 &&
        /No such workflow defined/i.test(error.serverMessage ?? '')
      )
        throw new CliError(
          'notFound',
          `no workflow definition ${request.name}${request.version === undefined ? '' : ` version ${request.version}`} on the server`,
          {
            hint: 'Check the name (and --version); register the definition first if it is new.',
            cause: error,
          },
        )
      throw error
    })
  ).trim()
  if (!id)
    throw new CliError(
      'server',
      `POST /api/workflow: the server accepted the start of ${request.name} but returned no workflow id`,
    )
  return id
}

export async function getWorkflow(client: ConductorClient, id: string, includeTasks = true): Promise<Workflow> {
  try {
    return asWorkflow(await client.json<unknown>('GET', `/workflow/${enc(id)}`, {query: {includeTasks}}), id)
  } catch (error) {
    throw noSuchExecution(error, id)
  }
}

/** 404 "No such workflow found by id" → a notFound that names the id, keeping the exchange as the cause. */
export function noSuchExecution(error: unknown, id: string): unknown {
  if (error instanceof ApiError && error.status === 404 && /No such workflow/i.test(error.serverMessage ?? ''))
    return new CliError('notFound', `no execution with id ${id}`, {
      hint: 'Check the id; the execution may have been deleted.',
      cause: error,
    })
  return error
}

export async function getStatus(client: ConductorClient, id: string): Promise<WorkflowStatus> {
  const doc = await client
    .json<{status?: WorkflowStatus}>('GET', `/workflow/${enc(id)}/status`)
    .catch((error: unknown) => {
      throw noSuchExecution(error, id)
    })
  if (!doc?.status) throw new CliError('server', `GET /api/workflow/${id}/status: no status in the answer`)
  return doc.status
}

export async function pause(client: ConductorClient, id: string): Promise<void> {
  await client.json('PUT', `/workflow/${enc(id)}/pause`, ONCE)
}

export async function resume(client: ConductorClient, id: string): Promise<void> {
  await client.json('PUT', `/workflow/${enc(id)}/resume`, ONCE)
}

export async function retry(
  client: ConductorClient,
  id: string,
  options: {resumeSubworkflowTasks?: boolean} = {},
): Promise<void> {
  await client.json('POST', `/workflow/${enc(id)}/retry`, {
    query: {resumeSubworkflowTasks: options.resumeSubworkflowTasks ?? false},
    ...ONCE,
  })
}

export async function restart(
  client: ConductorClient,
  id: string,
  options: {useLatestDefinitions?: boolean} = {},
): Promise<void> {
  await client.json('POST', `/workflow/${enc(id)}/restart`, {
    query: {useLatestDefinitions: options.useLatestDefinitions ?? false},
    ...ONCE,
  })
}

/** triggerFailureWorkflow is Orkes's; Conductor OSS accepts and ignores it (a manual terminate never starts it there). */
export async function terminate(
  client: ConductorClient,
  id: string,
  reason?: string,
  triggerFailureWorkflow?: boolean,
): Promise<void> {
  await client.json('DELETE', `/workflow/${enc(id)}`, {
    query: {reason, ...(triggerFailureWorkflow ? {triggerFailureWorkflow: true} : {})},
    ...ONCE,
  })
}

export interface RerunRequest {
  reRunFromTaskId?: string
  taskInput?: JsonObject
  workflowInput?: JsonObject
  correlationId?: string
}

export async function rerun(client: ConductorClient, id: string, request: RerunRequest): Promise<string> {
  return (
    (
      await client.text('POST', `/workflow/${enc(id)}/rerun`, {body: {reRunFromWorkflowId: id, ...request}, ...ONCE})
    ).trim() || id
  )
}

/**
 * The request model (SkipTaskRequest) is bound from the query string, no body is read:
 * taskInput[k]=v and taskOutput[k]=v, so every value arrives as text and keys are taken as written.
 */
export async function skipTask(
  client: ConductorClient,
  id: string,
  ref: string,
  request: {taskInput?: JsonObject | undefined; taskOutput?: JsonObject | undefined} = {},
): Promise<void> {
  const query: Record<string, string> = {}
  for (const field of ['taskInput', 'taskOutput'] as const)
    for (const [key, value] of Object.entries(request[field] ?? {}))
      query[`${field}[${key}]`] = typeof value === 'string' ? value : JSON.stringify(value)
  await client.json('PUT', `/workflow/${enc(id)}/skiptask/${enc(ref)}`, {query, ...ONCE})
}

/** Deletes the execution; archive=true keeps it in the archive and requires a terminal status. */
export async function remove(client: ConductorClient, id: string, archive: boolean): Promise<void> {
  await client.json('DELETE', `/workflow/${enc(id)}/remove`, {query: {archiveWorkflow: archive === true}, ...ONCE})
}

export const TASK_RESULT_STATUSES = ['COMPLETED', 'FAILED', 'FAILED_WITH_TERMINAL_ERROR', 'IN_PROGRESS'] as const
export type TaskResultStatus = (typeof TASK_RESULT_STATUSES)[number]

/**
 * POST /api/tasks/{wf}/{ref}/{status}: the taskId as text, or an EMPTY 200 when no pending task
 * has that ref (also when the workflow does not exist). Returns undefined then.
 */
export async function completeTaskByRef(
  client: ConductorClient,
  workflowId: string,
  ref: string,
  status: TaskResultStatus,
  output: JsonObject,
  workerId?: string,
): Promise<string | undefined> {
  const taskId = (
    await client.text('POST', `/tasks/${enc(workflowId)}/${enc(ref)}/${status}`, {
      body: output,
      query: {workerid: workerId},
      ...ONCE,
    })
  ).trim()
  return taskId || undefined
}

/** Orkes only; OSS answers 404 "No static resource" for the path. */
export async function updateVariables(client: ConductorClient, id: string, variables: JsonObject): Promise<void> {
  await client.json('POST', `/workflow/${enc(id)}/variables`, {body: variables, ...ONCE})
}

/** The task a user means by a taskId or a reference name (the latest attempt of that ref). */
export function findTask(workflow: Workflow, idOrRef: string): Task | undefined {
  const tasks = workflow.tasks ?? []
  const byId = tasks.find((t) => t.taskId === idOrRef)
  if (byId) return byId
  const byRef = tasks.filter((t) => t.referenceTaskName === idOrRef)
  return byRef.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)).at(-1)
}

export interface TaskCompletion {
  status: TaskResultStatus
  output: JsonObject
  /** reasonForIncompletion */
  reason?: string | undefined
  /** Lines for the task's log (TaskExecLog) */
  logs?: readonly string[] | undefined
}

/**
 * Completes (or fails) one task by its id: GET /api/tasks/{id} to learn its workflow and state,
 * then POST /api/tasks with a TaskResult (reasonForIncompletion and logs included). A task that has
 * already ended is refused here: the server would answer 200 and change nothing.
 */
export async function completeTaskById(
  client: ConductorClient,
  taskId: string,
  completion: TaskCompletion,
): Promise<{workflowId: string; ref: string; taskId: string}> {
  const task = await client
    .json<Task & {workflowInstanceId?: string}>('GET', `/tasks/${enc(taskId)}`)
    .catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404)
        throw new CliError('notFound', `no task with id ${taskId}`, {
          hint: 'Task ids are in `conductor execution get WORKFLOW_ID --json` (tasks[].taskId); or give WORKFLOW_ID REF.',
          cause: error,
        })
      throw error
    })
  if (!task?.taskId || !task.workflowInstanceId)
    throw new CliError('server', `GET /api/tasks/${taskId}: the answer is not a task`)
  if (!['SCHEDULED', 'IN_PROGRESS'].includes(task.status))
    throw new CliError('conflict', `task ${task.referenceTaskName} (${taskId}) has already ended: ${task.status}`, {
      hint: 'Only a SCHEDULED or IN_PROGRESS task can be completed; rerun the workflow from it to run it again.',
    })
  const now = Date.now()
  const body: JsonObject = {
    workflowInstanceId: task.workflowInstanceId,
    taskId: task.taskId,
    status: completion.status,
    outputData: completion.output,
    logs: (completion.logs ?? []).map((log) => ({log, createdTime: now, taskId: task.taskId})),
  }
  if (completion.reason !== undefined) body.reasonForIncompletion = completion.reason
  await client.text('POST', '/tasks', {body, ...ONCE})
  return {workflowId: task.workflowInstanceId, ref: task.referenceTaskName, taskId: task.taskId}
}
