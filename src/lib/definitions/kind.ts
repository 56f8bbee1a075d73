/** Telling workflow definitions, task definitions, schedules and event handlers apart by their shape. */
export type DefinitionKind = 'workflow' | 'task' | 'schedule' | 'event-handler'

/** Every kind, in the order they are registered (what a kind depends on comes before it). */
export const DEFINITION_KINDS: readonly DefinitionKind[] = ['task', 'workflow', 'event-handler', 'schedule']

/** Fields only a schedule (the scheduler module's WorkflowSchedule) has. */
const SCHEDULE_ONLY = [
  'cronExpression',
  'cronSchedules',
  'startWorkflowRequest',
  'zoneId',
  'runCatchupScheduleInstances',
]

const WORKFLOW_ONLY = [
  'tasks',
  'schemaVersion',
  'outputParameters',
  'failureWorkflow',
  'failureWorkflowVersion',
  'restartable',
  'workflowStatusListenerEnabled',
  'workflowStatusListenerSink',
  'variables',
  'rateLimitConfig',
  'maskedFields',
]
const TASK_ONLY = [
  'retryCount',
  'retryLogic',
  'retryDelaySeconds',
  'responseTimeoutSeconds',
  'totalTimeoutSeconds',
  'inputKeys',
  'outputKeys',
  'concurrentExecLimit',
  'rateLimitPerFrequency',
  'rateLimitFrequencyInSeconds',
  'pollTimeoutSeconds',
  'backoffScaleFactor',
  'maxRetryDelaySeconds',
  'backoffJitterMs',
  'isolationGroupId',
  'executionNameSpace',
  'baseType',
  'taskStatusListenerEnabled',
  'runtimeMetadata',
]
/** Fields both kinds have: with only these, a task definition is the better guess (`{name}` is a valid one). */
const SHARED = new Set([
  '$schema',
  'name',
  'description',
  'version',
  'ownerEmail',
  'timeoutSeconds',
  'timeoutPolicy',
  'inputTemplate',
  'inputSchema',
  'outputSchema',
  'enforceSchema',
  'ownerApp',
  'createTime',
  'updateTime',
  'createdBy',
  'updatedBy',
  'metadata',
])

export type Classification = {kind: DefinitionKind} | {kind: 'start-request'} | {kind: 'unknown'; reason: string}

export function classify(value: unknown, preferred?: DefinitionKind): Classification {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      kind: 'unknown',
      reason: `expected a definition object, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`,
    }
  }
  const obj = value as Record<string, unknown>
  const has = (k: string) => Object.prototype.hasOwnProperty.call(obj, k)
  if (has('workflowDef') && obj.workflowDef !== null && typeof obj.workflowDef === 'object' && !has('tasks'))
    return {kind: 'start-request'}
  if ('taskReferenceName' in obj && !has('tasks'))
    return {
      kind: 'unknown',
      reason: 'this looks like a single workflow task (it has taskReferenceName), not a workflow or task definition',
    }
  if (SCHEDULE_ONLY.some(has) && !has('tasks')) return {kind: 'schedule'}
  if (has('event') && has('actions') && !has('tasks')) return {kind: 'event-handler'}
  if (WORKFLOW_ONLY.some(has)) return {kind: 'workflow'}
  if (TASK_ONLY.some(has)) return {kind: 'task'}
  if (Object.keys(obj).some((k) => !SHARED.has(k)) && !has('name'))
    return {kind: 'unknown', reason: 'neither a workflow definition (no tasks) nor a task definition (no name)'}
  return {kind: preferred ?? 'task'}
}
