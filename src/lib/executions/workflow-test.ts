import {ApiError} from '../client/api-error.js'
import type {ConductorClient} from '../client/client.js'
import type {Json, JsonObject} from '../client/types.js'
import {CliError} from '../errors.js'
import {parseAssignment, resolveValue, type FileReader} from './input.js'
import {getWorkflow, remove, terminate} from './service.js'
import {asWorkflow, isTerminal, type Task, type Workflow} from './types.js'

/**
 * `workflow test`: a run of a definition on the server with mocked task outputs
 * (POST /api/workflow/test, reference §5.4), and the removal of the execution it leaves behind.
 */

export const MOCK_STATUSES = ['COMPLETED', 'FAILED', 'FAILED_WITH_TERMINAL_ERROR', 'IN_PROGRESS'] as const
export type MockStatus = (typeof MOCK_STATUSES)[number]

export interface TaskMock {
  status: MockStatus
  output: JsonObject
  executionTime?: number
}

export type Mocks = Record<string, TaskMock[]>

const MOCK_KEYS = new Set(['status', 'output', 'executionTime', 'queueWaitTime'])
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const usage = (message: string, hint?: string) => new CliError('usage', message, {hint})

/**
 * One mock: {status, output} (only those keys, plus executionTime), or any other object as the output
 * with status COMPLETED. A list gives one mock per attempt or iteration, consumed in order.
 */
export function toMocks(value: Json, label: string): TaskMock[] {
  const items = Array.isArray(value) ? value : [value]
  if (items.length === 0) throw usage(`${label}: an empty list mocks nothing`)
  return items.map((item, i) => toMock(item, Array.isArray(value) ? `${label} [${i}]` : label))
}

function toMock(value: Json, label: string): TaskMock {
  if (!isObject(value))
    throw usage(
      `${label}: expected an object ({"status": ..., "output": {...}} or the output itself), got ${JSON.stringify(value)}`,
    )
  const keys = Object.keys(value)
  const envelope = keys.length > 0 && keys.every((k) => MOCK_KEYS.has(k)) && ('status' in value || 'output' in value)
  if (!envelope) return {status: 'COMPLETED', output: value}
  const {status = 'COMPLETED', output = {}, executionTime} = value
  if (typeof status !== 'string' || !(MOCK_STATUSES as readonly string[]).includes(status))
    throw usage(`${label}: status ${JSON.stringify(status)} is not one of ${MOCK_STATUSES.join(', ')}`)
  if (!isObject(output)) throw usage(`${label}: "output" must be an object, got ${JSON.stringify(output)}`)
  const mock: TaskMock = {status: status as MockStatus, output}
  if (typeof executionTime === 'number' && executionTime > 0) mock.executionTime = Math.round(executionTime)
  return mock
}

/** --mock REF=JSON or REF=@file.json (repeatable; mocks for the same ref are consumed in the order given). */
export async function parseMocks(texts: readonly string[], read?: FileReader): Promise<Mocks> {
  const mocks: Mocks = {}
  for (const text of texts) {
    const assignment = parseAssignment(text, '--mock')
    const ref = assignment.path.join('.')
    const label = `--mock ${ref}`
    if (assignment.value.trim() === '')
      throw usage(`${label}: no value`, `For example --mock ${ref}='{"result": 1}' or --mock ${ref}=@${ref}.json.`)
    const value = await resolveValue({...assignment, path: [ref]}, '--mock', read)
    if (typeof value === 'string' && !assignment.value.startsWith('@'))
      throw usage(
        `${label}: '${assignment.value}' is not JSON`,
        `Quote the JSON for the shell: --mock ${ref}='{"status": "COMPLETED", "output": {"x": 1}}'.`,
      )
    ;(mocks[ref] ??= []).push(...toMocks(value, label))
  }
  return mocks
}

/** Every taskReferenceName of a definition, nested ones included (SWITCH cases, FORK branches, DO_WHILE bodies). */
export function taskRefs(def: JsonObject): Set<string> {
  const refs = new Set<string>()
  const walk = (tasks: Json | undefined) => {
    if (!Array.isArray(tasks)) return
    for (const task of tasks) {
      if (!isObject(task)) continue
      if (typeof task.taskReferenceName === 'string') refs.add(task.taskReferenceName)
      if (isObject(task.decisionCases)) for (const branch of Object.values(task.decisionCases)) walk(branch)
      walk(task.defaultCase)
      walk(task.loopOver)
      if (Array.isArray(task.forkTasks)) for (const branch of task.forkTasks) walk(branch)
    }
  }
  walk(def.tasks)
  return refs
}

export interface TestRequest {
  def: JsonObject
  input: JsonObject
  mocks: Mocks
}

/** POST /api/workflow/test with the definition inline: a real execution, driven by the server with the mocks. */
export async function runWorkflowTest(client: ConductorClient, request: TestRequest): Promise<Workflow> {
  const body = {
    name: request.def.name,
    ...(typeof request.def.version === 'number' ? {version: request.def.version} : {}),
    workflowDef: request.def,
    input: request.input,
    taskRefToMockOutput: request.mocks,
  }
  const answer = await client.json<unknown>('POST', '/workflow/test', {body, idempotent: false})
  return asWorkflow(answer, 'test')
}

/**
 * Removes a test execution and the sub-workflows it started, terminating those still running first
 * (archiveWorkflow=false, so nothing is left in search). Returns the ids removed.
 */
export async function removeTestExecution(client: ConductorClient, workflow: Workflow): Promise<string[]> {
  const removed: string[] = []
  const visit = async (wf: Workflow, depth: number) => {
    if (depth < 5)
      for (const task of wf.tasks ?? []) {
        const sub = task.subWorkflowId
        if (task.taskType !== 'SUB_WORKFLOW' || typeof sub !== 'string' || !sub) continue
        const child = await getWorkflow(client, sub).catch(() => undefined)
        if (child) await visit(child, depth + 1)
      }
    if (!isTerminal(wf.status)) await terminate(client, wf.workflowId, 'workflow test: cleaning up').catch(ignoreGone)
    await remove(client, wf.workflowId, false).catch(ignoreGone)
    removed.push(wf.workflowId)
  }
  // the answer of the test endpoint may be behind the stored state (the last decide happens after it was read)
  const current = await getWorkflow(client, workflow.workflowId).catch(() => workflow)
  await visit(current, 0)
  return removed
}

function ignoreGone(error: unknown): void {
  if (error instanceof CliError && error.kind === 'notFound') return
  if (error instanceof ApiError && error.status === 404) return
  throw error
}

export interface PathStep {
  seq: number
  ref: string
  type: string
  status: string
  mocked: boolean
  reason?: string | undefined
}

/** The tasks the execution went through, in order, with which of them took a mocked result. */
export function pathOf(workflow: Workflow, mocks: Mocks): PathStep[] {
  return [...(workflow.tasks ?? [])]
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
    .map((t, i) => ({
      seq: t.seq ?? i + 1,
      ref: t.referenceTaskName,
      type: typeOf(t),
      status: t.status,
      mocked: t.referenceTaskName in mocks && !OPERATORS.has(t.taskType),
      ...(t.reasonForIncompletion ? {reason: t.reasonForIncompletion} : {}),
    }))
}

/** A SIMPLE task's taskType is its definition name; the workflow task says SIMPLE. */
function typeOf(task: Task): string {
  const wt = task.workflowTask as {type?: unknown} | undefined
  return typeof wt?.type === 'string' ? wt.type : task.taskType
}

/** Task types the test endpoint runs itself; any other pending task needs a mock (WorkflowTestService). */
const OPERATORS = new Set([
  'JOIN',
  'DO_WHILE',
  'SET_VARIABLE',
  'FORK',
  'INLINE',
  'TERMINATE',
  'DECISION',
  'DYNAMIC',
  'FORK_JOIN',
  'FORK_JOIN_DYNAMIC',
  'SWITCH',
  'SUB_WORKFLOW',
])

/** Refs of pending tasks the server stopped at: not run by the server itself, and no mock left for them. */
export function waitingForMocks(workflow: Workflow): string[] {
  if (isTerminal(workflow.status)) return []
  return (workflow.tasks ?? [])
    .filter((t) => !OPERATORS.has(t.taskType) && ['SCHEDULED', 'IN_PROGRESS'].includes(t.status))
    .map((t) => t.referenceTaskName)
}
