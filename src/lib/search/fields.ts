import {closestMatch} from '../text.js'
/**
 * The fields a search may name, per index. Server-side fields are those the SQLite backend accepts
 * (its whitelist); anything else would be dropped silently by the server, so we refuse it here.
 */
export type SearchKind = 'workflow' | 'task'
export type FieldType = 'string' | 'status' | 'time' | 'version' | 'text'

export interface FieldDef {
  /** The name sent to the server (camelCase column), or our own name for client-side fields. */
  name: string
  /** What people type; the first is the one shown in messages. */
  aliases: string[]
  type: FieldType
  /** False: filtered by the CLI after each page (not a server column). */
  server: boolean
}

export const WORKFLOW_STATUSES = ['RUNNING', 'COMPLETED', 'FAILED', 'TIMED_OUT', 'TERMINATED', 'PAUSED'] as const
export const TASK_STATUSES = [
  'IN_PROGRESS',
  'CANCELED',
  'FAILED',
  'FAILED_WITH_TERMINAL_ERROR',
  'COMPLETED',
  'COMPLETED_WITH_ERRORS',
  'SCHEDULED',
  'TIMED_OUT',
  'SKIPPED',
] as const

const TIME_FIELDS: FieldDef[] = [
  {name: 'startTime', aliases: ['startTime', 'start', 'started'], type: 'time', server: true},
  {name: 'endTime', aliases: ['endTime', 'end', 'ended'], type: 'time', server: true},
  {name: 'updateTime', aliases: ['updateTime', 'update', 'updated'], type: 'time', server: true},
]

const TEXT_FIELD: FieldDef = {name: 'freeText', aliases: ['text', 'freeText'], type: 'text', server: true}

export const FIELDS: Record<SearchKind, FieldDef[]> = {
  workflow: [
    {name: 'status', aliases: ['status', 'state'], type: 'status', server: true},
    {
      name: 'workflowType',
      aliases: ['workflow', 'workflowType', 'type', 'name', 'workflowName'],
      type: 'string',
      server: true,
    },
    {name: 'version', aliases: ['version', 'workflowVersion'], type: 'version', server: false},
    {name: 'correlationId', aliases: ['correlationId', 'correlation'], type: 'string', server: true},
    {name: 'workflowId', aliases: ['id', 'workflowId'], type: 'string', server: true},
    {name: 'parentWorkflowId', aliases: ['parentWorkflowId', 'parent', 'parentId'], type: 'string', server: true},
    {name: 'classifier', aliases: ['classifier'], type: 'string', server: true},
    ...TIME_FIELDS,
    TEXT_FIELD,
  ],
  task: [
    {name: 'status', aliases: ['status', 'state'], type: 'status', server: true},
    {name: 'taskDefName', aliases: ['task', 'taskDefName', 'name', 'taskName', 'def'], type: 'string', server: true},
    {name: 'taskType', aliases: ['type', 'taskType'], type: 'string', server: true},
    {name: 'taskId', aliases: ['id', 'taskId'], type: 'string', server: true},
    {name: 'workflowType', aliases: ['workflow', 'workflowType', 'workflowName'], type: 'string', server: true},
    ...TIME_FIELDS,
    TEXT_FIELD,
  ],
}

/** The unique column appended to every sort so that the order, and so paging, is deterministic. */
export const ID_FIELD: Record<SearchKind, string> = {workflow: 'workflowId', task: 'taskId'}

export function statusesOf(kind: SearchKind): readonly string[] {
  return kind === 'workflow' ? WORKFLOW_STATUSES : TASK_STATUSES
}

/** `Start_Time`, `start-time` and `starttime` all name startTime. */
export function fieldKey(text: string): string {
  return text.toLowerCase().replace(/[_.-]/g, '')
}

export function findField(kind: SearchKind, text: string): FieldDef | undefined {
  const key = fieldKey(text)
  return FIELDS[kind].find((f) => f.aliases.some((a) => fieldKey(a) === key))
}

/** `status, workflow (workflowType, type, name, workflowName), ...` for error messages. */
export function describeFields(kind: SearchKind): string {
  return FIELDS[kind]
    .map((f) => {
      const [first, ...rest] = f.aliases
      return rest.length > 0 ? `${first} (${rest.join(', ')})` : (first ?? f.name)
    })
    .join(', ')
}

/** The closest of `candidates` to `text`, when it is close enough to be a typo. */
export function closest(text: string, candidates: readonly string[]): string | undefined {
  return closestMatch(text, candidates, fieldKey)
}

/** Did-you-mean over every alias, answered with the field's first (display) alias. */
export function suggestField(kind: SearchKind, text: string): string | undefined {
  const names = FIELDS[kind].flatMap((f) => f.aliases)
  const hit = closest(text, names)
  return hit ? findField(kind, hit)?.aliases[0] : undefined
}

export function otherKind(kind: SearchKind): SearchKind {
  return kind === 'workflow' ? 'task' : 'workflow'
}
