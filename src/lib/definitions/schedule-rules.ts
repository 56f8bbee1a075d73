import {CronExpressionParser} from 'cron-parser'
import type {PathSegment} from './problems.js'
import type {Finding} from './rules.js'
import {isObject, type JsonObject} from './model.js'

/**
 * Workflows a schedule or an event handler may start: those in the files (name → versions), and,
 * when the caller read them (plan, apply), those on the server.
 */
export interface WorkflowCatalogue {
  files: Map<string, Set<number>>
  server?: Map<string, Set<number>>
}

/** Spring's macros (CronExpression.parse), which stand for a whole expression. */
const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'])

/**
 * A cron expression as the scheduler reads it (Spring's CronExpression: six fields, seconds
 * first, or a macro). The server stores any string and only fails when it comes to schedule it.
 */
export function cronProblem(expression: string, zone: string | undefined): string | undefined {
  const text = expression.trim()
  if (MACROS.has(text.toLowerCase())) return undefined
  const fields = text.split(/\s+/).filter(Boolean)
  if (fields.length !== 6) {
    const hint = fields.length === 5 ? `: a 5-field crontab line needs a seconds field first, e.g. "0 ${text}"` : ''
    return `cron expression "${expression}" has ${fields.length} field${fields.length === 1 ? '' : 's'}; Conductor reads Spring cron, six fields (second minute hour day-of-month month day-of-week)${hint}`
  }
  try {
    CronExpressionParser.parse(text, zone && validZone(zone) ? {tz: zone} : {})
    return undefined
  } catch (error) {
    return `cron expression "${expression}" is not valid: ${(error as Error).message}`
  }
}

/** An IANA zone the JVM knows too (UTC, Europe/Paris, ...). */
export function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', {timeZone: zone})
    return true
  } catch {
    return false
  }
}

export function scheduleFindings(body: JsonObject, catalogue: WorkflowCatalogue): Finding[] {
  const findings: Finding[] = []
  const error = (path: PathSegment[], rule: string, message: string) =>
    findings.push({path, rule, severity: 'error', message})
  const zone = typeof body.zoneId === 'string' ? body.zoneId : undefined
  if (zone !== undefined && !validZone(zone))
    error(['zoneId'], 'zone', `unknown time zone "${zone}" (use an IANA name such as UTC or Europe/Paris)`)
  const crons = Array.isArray(body.cronSchedules) ? body.cronSchedules.length : 0
  if (body.cronExpression === undefined && crons === 0)
    error(['cronExpression'], 'cron', 'a schedule needs cronExpression (or a non-empty cronSchedules list)')
  if (typeof body.cronExpression === 'string') {
    const problem = cronProblem(body.cronExpression, zone)
    if (problem) error(['cronExpression'], 'cron', problem)
  }
  if (Array.isArray(body.cronSchedules))
    body.cronSchedules.forEach((entry, i) => {
      if (!isObject(entry)) return
      const entryZone = typeof entry.zoneId === 'string' ? entry.zoneId : zone
      if (typeof entry.zoneId === 'string' && !validZone(entry.zoneId))
        error(['cronSchedules', i, 'zoneId'], 'zone', `unknown time zone "${entry.zoneId}"`)
      if (typeof entry.cronExpression === 'string') {
        const problem = cronProblem(entry.cronExpression, entryZone)
        if (problem) error(['cronSchedules', i, 'cronExpression'], 'cron', problem)
      }
    })
  if (
    typeof body.scheduleStartTime === 'number' &&
    typeof body.scheduleEndTime === 'number' &&
    body.scheduleEndTime <= body.scheduleStartTime
  )
    error(['scheduleEndTime'], 'schedule-window', 'scheduleEndTime must be after scheduleStartTime: it would never run')
  const request = body.startWorkflowRequest
  if (isObject(request) && !isObject(request.workflowDef))
    findings.push(...workflowReference(request, ['startWorkflowRequest'], catalogue, 'the schedule starts'))
  return findings
}

export function eventHandlerFindings(body: JsonObject, catalogue: WorkflowCatalogue): Finding[] {
  const findings: Finding[] = []
  if (typeof body.event === 'string' && !/^[^:\s]+:.+/.test(body.event))
    findings.push({
      path: ['event'],
      rule: 'event',
      severity: 'error',
      message: `event "${body.event}" must be TYPE:QUEUE, e.g. conductor:WORKFLOW:TASK or sqs:my-queue`,
    })
  if (typeof body.event === 'string' && body.event.startsWith('conductor:')) {
    const workflow = body.event.split(':')[1]
    if (workflow && !known(catalogue, workflow))
      findings.push({
        path: ['event'],
        rule: 'workflow-reference',
        severity: 'warning',
        message: `event "${body.event}" listens to workflow "${workflow}", which is ${where(catalogue)}`,
      })
  }
  if (Array.isArray(body.actions))
    body.actions.forEach((action, i) => {
      if (!isObject(action)) return
      const name = typeof action.action === 'string' ? action.action : ''
      const details = action[name]
      if (name && name !== 'start_agent' && !isObject(details)) {
        findings.push({
          path: ['actions', i, name],
          rule: 'event-action',
          severity: 'error',
          message: `action "${name}" needs its details in "${name}" (the server does nothing without them)`,
        })
        return
      }
      if (name === 'start_workflow' && isObject(details))
        findings.push(...workflowReference(details, ['actions', i, name], catalogue, 'the action starts'))
      if ((name === 'complete_task' || name === 'fail_task') && isObject(details)) {
        const byRef = typeof details.workflowId === 'string' && typeof details.taskRefName === 'string'
        if (!byRef && typeof details.taskId !== 'string')
          findings.push({
            path: ['actions', i, name],
            rule: 'event-action',
            severity: 'error',
            message: `action "${name}" must name its task: taskId, or workflowId and taskRefName`,
          })
      }
    })
  return findings
}

function known(catalogue: WorkflowCatalogue, name: string): boolean {
  return catalogue.files.has(name) || (catalogue.server?.has(name) ?? false)
}

function where(catalogue: WorkflowCatalogue): string {
  return catalogue.server
    ? 'neither in these files nor on the server'
    : 'not in these files (it must exist on the server)'
}

/** `{name, version}` of a workflow to start: in the files, or on the server when the caller knows it. */
function workflowReference(
  request: JsonObject,
  path: PathSegment[],
  catalogue: WorkflowCatalogue,
  what: string,
): Finding[] {
  const name = typeof request.name === 'string' ? request.name : undefined
  if (!name) return []
  const version = typeof request.version === 'number' ? request.version : undefined
  const versions = new Set([...(catalogue.files.get(name) ?? []), ...(catalogue.server?.get(name) ?? [])])
  if (versions.size === 0)
    return [
      {
        path: [...path, 'name'],
        rule: 'workflow-reference',
        // without the server's list, only a warning: the workflow may be registered already
        severity: catalogue.server ? 'error' : 'warning',
        message: `${what} workflow "${name}", which is ${where(catalogue)}`,
      },
    ]
  if (version !== undefined && !versions.has(version))
    return [
      {
        path: [...path, 'version'],
        rule: 'workflow-reference',
        severity: catalogue.server ? 'error' : 'warning',
        message: `${what} workflow "${name}" version ${version}, which is ${where(catalogue)} (versions known: ${[...versions].sort((a, b) => a - b).join(', ')})`,
      },
    ]
  return []
}
