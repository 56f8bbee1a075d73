import {ApiError} from '../client/api-error.js'
import type {ConductorClient} from '../client/client.js'
import type {Json, JsonObject} from '../client/types.js'
import {isObject} from '../json.js'
import {CliError} from '../errors.js'
import {readShape} from './result-shape.js'
import {parseAssignment, resolveValue, type FileReader} from './input.js'
import {getWorkflow as getWorkflowDef} from '../definitions/metadata.js'
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
  queueWaitTime?: number
  /**
   * A reason the mock gave (reason / reasonForIncompletion). Not sent: the server's test endpoint
   * sets only the status and output of a mocked task (WorkflowTestService), so the command warns.
   */
  reason?: string
}

export type Mocks = Record<string, TaskMock[]>

const MOCK_KEYS = ['executionTime', 'queueWaitTime'] as const
const usage = (message: string, hint?: string) => new CliError('usage', message, {hint})

/**
 * One mock: a task result ({status, output} in our names or Conductor's: outputData,
 * reasonForIncompletion; plus executionTime, queueWaitTime), or any other object as the output with
 * status COMPLETED. An object whose status is a Conductor task status is always a result, never
 * output. A list gives one mock per attempt or iteration, consumed in order.
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
  const shape = readShape(value, {extraKeys: MOCK_KEYS})
  // {"status": "DONE"} alone reads as a mistyped status rather than an output
  if (shape.kind === 'output' && keys.length === 1 && typeof value.status === 'string')
    throw usage(`${label}: status ${JSON.stringify(value.status)} is not one of ${MOCK_STATUSES.join(', ')}`)
  const field = keys.length === 1 ? (['output', 'outputData'] as const).find((k) => k in value) : undefined
  if (shape.kind === 'output' && field)
    throw usage(`${label}: "${field}" must be an object, got ${JSON.stringify(value[field])}`)
  if (shape.kind === 'output') return {status: 'COMPLETED', output: value}
  if (shape.kind === 'invalid') throw usage(`${label}: ${shape.message}`, shape.hint)
  const {status = 'COMPLETED', output = {}, reason, logs, extra} = shape.fields
  if (!(MOCK_STATUSES as readonly string[]).includes(status))
    throw usage(`${label}: status ${status} cannot be mocked; use one of ${MOCK_STATUSES.join(', ')}`)
  if (logs !== undefined)
    throw usage(
      `${label}: "logs" cannot be mocked`,
      "The server's test endpoint records only a mock's status and output.",
    )
  const mock: TaskMock = {status: status as MockStatus, output}
  for (const key of MOCK_KEYS) {
    const ms = extra[key]
    if (ms === undefined) continue
    if (typeof ms !== 'number' || ms < 0) throw usage(`${label}: "${key}" must be a number of milliseconds`)
    if (ms > 0) mock[key] = Math.round(ms)
  }
  if (reason !== undefined) mock.reason = reason
  return mock
}

/** The mocks as the server reads them (TaskMock: status, output, executionTime, queueWaitTime). */
export function wireMocks(mocks: Mocks): Record<string, JsonObject[]> {
  return Object.fromEntries(
    Object.entries(mocks).map(([ref, list]) => [
      ref,
      list.map(({reason: _reason, ...mock}) => ({...mock}) as JsonObject),
    ]),
  )
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

/** Mocks split by sub-workflow: `--mock pay/charge=...` mocks task charge inside the SUB_WORKFLOW task pay. */
export interface MockTree {
  mocks: Mocks
  sub: Record<string, MockTree>
}

export function mockTree(mocks: Mocks): MockTree {
  const root: MockTree = {mocks: {}, sub: {}}
  for (const [key, list] of Object.entries(mocks)) {
    const path = key.split('/')
    const ref = path.pop() as string
    let node = root
    for (const step of path) node = node.sub[step] ??= {mocks: {}, sub: {}}
    ;(node.mocks[ref] ??= []).push(...list)
  }
  return root
}

/** A SUB_WORKFLOW task of a definition, with what it says about the workflow it starts. */
export interface SubWorkflowTask {
  ref: string
  name?: string | undefined
  version?: number | undefined
  /** subWorkflowParam.workflowDefinition, when the definition is inline. */
  inline?: JsonObject | undefined
}

/** Every SUB_WORKFLOW task of a definition, nested ones included. */
export function subWorkflowTasks(def: JsonObject): SubWorkflowTask[] {
  return tasksOf(def)
    .filter((t) => t.type === 'SUB_WORKFLOW' && typeof t.taskReferenceName === 'string')
    .map((t) => {
      const param = isObject(t.subWorkflowParam) ? t.subWorkflowParam : {}
      return {
        ref: t.taskReferenceName as string,
        name: typeof param.name === 'string' ? param.name : undefined,
        version: typeof param.version === 'number' ? param.version : undefined,
        inline: isObject(param.workflowDefinition) ? param.workflowDefinition : undefined,
      }
    })
}

function tasksOf(def: JsonObject): JsonObject[] {
  const all: JsonObject[] = []
  const walk = (tasks: Json | undefined) => {
    if (!Array.isArray(tasks)) return
    for (const task of tasks) {
      if (!isObject(task)) continue
      all.push(task)
      if (isObject(task.decisionCases)) for (const branch of Object.values(task.decisionCases)) walk(branch)
      walk(task.defaultCase)
      walk(task.loopOver)
      if (Array.isArray(task.forkTasks)) for (const branch of task.forkTasks) walk(branch)
    }
  }
  walk(def.tasks)
  return all
}

/**
 * Task types that wait for someone outside the server (a worker, a person, a timer or a call): in a
 * test run only a mock finishes them. Everything else the server runs itself.
 */
const NEEDS_MOCK = new Set(['SIMPLE', 'WAIT', 'HUMAN', 'HTTP', 'EVENT', 'KAFKA_PUBLISH', 'YIELD'])

/** How the definition of a SUB_WORKFLOW task is found (the server's, for a registered one). */
export type SubDefinitionReader = (task: SubWorkflowTask) => Promise<JsonObject | undefined>

export interface SubWorkflowPlan {
  /** `sub/ref` paths of tasks inside sub-workflows that nothing would finish. */
  unmocked: string[]
  /** Refs of SUB_WORKFLOW tasks whose definition could not be known (a name from an expression). */
  unknown: string[]
  /** Sub-workflow ref → its definition's name, for the request. */
  names: Record<string, string>
}

/**
 * What the sub-workflows of a test need. The server drives a sub-workflow only through its
 * subWorkflowTestRequest: a task in it that needs a mock and has none never finishes, and the
 * server's test loop then spins (up to 20,000 rounds) while mocks of the parent are left, so the
 * request does not answer. Those tasks are found here, before anything is sent.
 */
export async function planSubWorkflows(
  def: JsonObject,
  tree: MockTree,
  read: SubDefinitionReader,
  prefix = '',
  depth = 0,
): Promise<SubWorkflowPlan> {
  const plan: SubWorkflowPlan = {unmocked: [], unknown: [], names: {}}
  if (depth > 5) return plan
  for (const task of subWorkflowTasks(def)) {
    const path = `${prefix}${task.ref}`
    const sub = task.inline ?? (await read(task))
    if (!sub) {
      plan.unknown.push(path)
      continue
    }
    if (typeof sub.name === 'string') plan.names[path] = sub.name
    const node = tree.sub[task.ref] ?? {mocks: {}, sub: {}}
    for (const inner of tasksOf(sub)) {
      const type = typeof inner.type === 'string' ? inner.type : 'SIMPLE'
      const ref = inner.taskReferenceName
      if (typeof ref === 'string' && NEEDS_MOCK.has(type) && !(ref in node.mocks)) plan.unmocked.push(`${path}/${ref}`)
    }
    const nested = await planSubWorkflows(sub, node, read, `${path}/`, depth + 1)
    plan.unmocked.push(...nested.unmocked)
    plan.unknown.push(...nested.unknown)
    Object.assign(plan.names, nested.names)
  }
  return plan
}

/** The `--mock` paths that name no task: unknown refs, or sub-workflow paths through a task that is not one. */
export async function unknownMockPaths(def: JsonObject, tree: MockTree, read: SubDefinitionReader): Promise<string[]> {
  const unknown: string[] = []
  const visit = async (d: JsonObject, node: MockTree, prefix: string, depth: number) => {
    const refs = taskRefs(d)
    for (const ref of Object.keys(node.mocks)) if (!refs.has(ref)) unknown.push(`${prefix}${ref}`)
    const subs = new Map(subWorkflowTasks(d).map((t) => [t.ref, t]))
    for (const [ref, child] of Object.entries(node.sub)) {
      const task = subs.get(ref)
      const sub = task && depth < 5 ? (task.inline ?? (await read(task))) : undefined
      if (!task) unknown.push(`${prefix}${ref}/…`)
      else if (sub) await visit(sub, child, `${prefix}${ref}/`, depth + 1)
    }
  }
  await visit(def, tree, '', 0)
  return unknown
}

export interface TestRequest {
  def: JsonObject
  input: JsonObject
  mocks: Mocks
  /** Tags the execution (and its sub-workflows) so it can be found when the request does not answer. */
  correlationId: string
  /** Sub-workflow path → definition name (from planSubWorkflows). */
  subNames?: Record<string, string>
}

function subRequests(tree: MockTree, names: Record<string, string>, prefix: string): JsonObject {
  return Object.fromEntries(
    Object.entries(tree.sub).map(([ref, node]) => {
      const path = `${prefix}${ref}`
      const name = names[path]
      return [
        ref,
        {
          ...(name ? {name} : {}),
          taskRefToMockOutput: wireMocks(node.mocks),
          subWorkflowTestRequest: subRequests(node, names, `${path}/`),
        },
      ]
    }),
  )
}

/** The body of POST /api/workflow/test (WorkflowTestRequest), sub-workflow mocks included. */
export function testRequestBody(request: TestRequest): JsonObject {
  const tree = mockTree(request.mocks)
  return {
    name: request.def.name as Json,
    ...(typeof request.def.version === 'number' ? {version: request.def.version} : {}),
    workflowDef: request.def,
    input: request.input,
    correlationId: request.correlationId,
    taskRefToMockOutput: wireMocks(tree.mocks),
    subWorkflowTestRequest: subRequests(tree, request.subNames ?? {}, ''),
  }
}

/** POST /api/workflow/test with the definition inline: a real execution, driven by the server with the mocks. */
export async function runWorkflowTest(client: ConductorClient, request: TestRequest): Promise<Workflow> {
  const answer = await client.json<unknown>('POST', '/workflow/test', {
    body: testRequestBody(request),
    idempotent: false,
  })
  return asWorkflow(answer, 'test')
}

/**
 * The executions a test left when its request did not answer: found by the correlation id it was
 * tagged with (sub-workflows inherit it), newest first.
 */
export async function findTestExecutions(client: ConductorClient, correlationId: string): Promise<string[]> {
  const answer = await client.json<{results?: {workflowId?: string; parentWorkflowId?: string}[]}>(
    'GET',
    '/workflow/search',
    {query: {query: `correlationId="${correlationId}"`, size: 100, start: 0}},
  )
  const rows = answer?.results ?? []
  // parents first: removing a parent visits its sub-workflows
  return rows
    .sort((a, b) => Number(Boolean(a.parentWorkflowId)) - Number(Boolean(b.parentWorkflowId)))
    .map((r) => r.workflowId)
    .filter((id): id is string => typeof id === 'string')
}

/**
 * Removes a test execution and the sub-workflows it started (archiveWorkflow=false, so nothing is
 * left in search). The parent is terminated first, so it neither retries a sub-workflow that ends
 * nor keeps the server's test loop going; then every execution of the tree is terminated if still
 * running and removed. Returns the ids removed.
 */
export async function removeTestExecution(client: ConductorClient, workflow: Workflow | string): Promise<string[]> {
  const id = typeof workflow === 'string' ? workflow : workflow.workflowId
  const read = (wfId: string) => getWorkflow(client, wfId).catch(ignoreGoneValue)
  // the answer of the test endpoint may be behind the stored state (the last decide happens after it was read)
  const root = await read(id)
  if (!root) return []
  if (!isTerminal(root.status)) await terminate(client, id, 'workflow test: cleaning up').catch(ignoreGone)
  const tree: Workflow[] = []
  const collect = async (wfId: string, depth: number) => {
    const wf = await read(wfId)
    if (!wf) return
    tree.push(wf)
    if (depth < 5)
      for (const task of wf.tasks ?? [])
        if (task.taskType === 'SUB_WORKFLOW' && typeof task.subWorkflowId === 'string' && task.subWorkflowId)
          await collect(task.subWorkflowId, depth + 1)
  }
  await collect(id, 0)
  const removed: string[] = []
  for (const wf of tree.reverse()) {
    if (!isTerminal(wf.status)) await terminate(client, wf.workflowId, 'workflow test: cleaning up').catch(ignoreGone)
    await remove(client, wf.workflowId, false).catch(ignoreGone)
    removed.push(wf.workflowId)
  }
  return removed
}

function ignoreGoneValue(error: unknown): undefined {
  ignoreGone(error)
  return undefined
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

export interface PreparedTest extends TestRequest {
  subNames: Record<string, string>
}

/**
 * Everything checked before a test is sent: mocks that name no task (warned), mocks of a
 * SUB_WORKFLOW task itself (refused: the server ignores them), tasks inside sub-workflows that
 * nothing would finish (refused: the request would not answer), reasons the server cannot record.
 */
export async function prepareTest(
  client: ConductorClient,
  options: {def: JsonObject; input: JsonObject; mocks: Mocks; warn: (message: string) => void},
): Promise<PreparedTest> {
  const {def, mocks, warn} = options
  const tree = mockTree(mocks)
  const cache = new Map<string, Promise<JsonObject | undefined>>()
  const read: SubDefinitionReader = (task) => {
    if (!task.name || task.name.includes('${')) return Promise.resolve(undefined)
    const key = `${task.name}@${task.version ?? ''}`
    if (!cache.has(key))
      cache.set(
        key,
        getWorkflowDef(client, task.name, task.version).then(
          (d) => d as JsonObject,
          (error: unknown) => {
            if (error instanceof CliError && error.kind === 'notFound') return undefined
            throw error
          },
        ),
      )
    return cache.get(key) as Promise<JsonObject | undefined>
  }
  for (const path of await unknownMockPaths(def, tree, read))
    warn(`--mock ${path}: the definition has no task with that reference name`)
  const subRefs = await subWorkflowRefs(def, tree, read)
  const mockedSubs = Object.keys(mocks).filter((path) => subRefs.has(path))
  if (mockedSubs.length > 0) {
    const first = mockedSubs[0] as string
    throw usage(
      `--mock ${first}: ${first} is a SUB_WORKFLOW task, which the server's test endpoint runs for real (a mock of it is ignored)`,
      `Mock the tasks inside it instead: --mock ${first}/REF='{"output": {...}}'.`,
    )
  }
  const plan = await planSubWorkflows(def, tree, read)
  if (plan.unmocked.length > 0) {
    const list = plan.unmocked.slice(0, 5).join(', ') + (plan.unmocked.length > 5 ? ', …' : '')
    throw usage(
      `tasks inside sub-workflows have no mock: ${list}; nothing was run`,
      "The server's test endpoint finishes a sub-workflow's tasks only with mocks: without them it never answers and leaves " +
        `RUNNING executions behind. Add --mock ${plan.unmocked[0]}='{"output": {...}}' (one per task; a task in a branch that is not taken needs one too).`,
    )
  }
  for (const [ref, list] of Object.entries(mocks))
    if (list.some((m) => m.reason !== undefined))
      warn(
        `--mock ${ref}: the reason is not recorded: the server's test endpoint sets only the status and output of a mocked task`,
      )
  const {randomUUID} = await import('node:crypto')
  return {
    def,
    input: options.input,
    mocks,
    correlationId: `conductor-cli-test-${randomUUID()}`,
    subNames: plan.names,
  }
}

/** `sub`, `sub/inner`, ...: the paths of every SUB_WORKFLOW task, through the sub-workflows that are known. */
async function subWorkflowRefs(def: JsonObject, tree: MockTree, read: SubDefinitionReader): Promise<Set<string>> {
  const paths = new Set<string>()
  const visit = async (d: JsonObject, node: MockTree, prefix: string, depth: number) => {
    for (const task of subWorkflowTasks(d)) {
      paths.add(`${prefix}${task.ref}`)
      const child = node.sub[task.ref]
      if (child && depth < 5) {
        const sub = task.inline ?? (await read(task))
        if (sub) await visit(sub, child, `${prefix}${task.ref}/`, depth + 1)
      }
    }
  }
  await visit(def, tree, '', 0)
  return paths
}

/**
 * Sends the test. When the request fails or does not answer, the executions it left (found by the
 * correlation id, sub-workflows included) are terminated and removed before the error is passed on.
 */
export async function startTest(
  client: ConductorClient,
  request: PreparedTest,
  onCleaned: (count: number) => void,
): Promise<Workflow> {
  try {
    return await runWorkflowTest(client, request)
  } catch (error) {
    const left = await findTestExecutions(client, request.correlationId).catch(() => [] as string[])
    const removed = new Set<string>()
    for (const id of left)
      if (!removed.has(id))
        for (const gone of await removeTestExecution(client, id).catch(() => [] as string[])) removed.add(gone)
    const count = removed.size
    if (count > 0) onCleaned(count)
    if (error instanceof CliError && error.kind === 'network')
      throw new CliError(
        'network',
        `POST /api/workflow/test did not answer: ${error.message}${count > 0 ? ` (the ${count} execution(s) it left were removed)` : ''}`,
        {
          hint:
            'The test endpoint answers when the run ends or stops at a task with no mock; a sub-workflow it cannot finish makes it ' +
            'loop. Check the mocks of tasks inside sub-workflows (--mock SUB/REF=...), or raise --timeout if the server is just slow.',
          cause: error,
        },
      )
    throw error
  }
}
