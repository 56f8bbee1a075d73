/** Telling a workflow definition from a task definition by its shape. */
export type DefinitionKind = 'workflow' | 'task'

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
  if (WORKFLOW_ONLY.some(has)) return {kind: 'workflow'}
  if (TASK_ONLY.some(has)) return {kind: 'task'}
  if (Object.keys(obj).some((k) => !SHARED.has(k)) && !has('name'))
    return {kind: 'unknown', reason: 'neither a workflow definition (no tasks) nor a task definition (no name)'}
  return {kind: preferred ?? 'task'}
}
