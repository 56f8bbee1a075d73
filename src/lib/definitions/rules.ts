import {closestMatch} from '../text.js'
import {Script} from 'node:vm'
import {
  expressionsIn,
  firstSegment,
  isValidDuration,
  isValidPath,
  isValidUntil,
  looksLikeEnvironmentName,
  SYSTEM_PARAMETERS,
} from './expressions.js'
import type {Finding, PathSegment, Severity} from './problems.js'
import {isObject, primitiveDefault, walkModels, type Json, type JsonObject, type ModelName} from './model.js'
import {stringsIn, typeOf, workflowTrees, type TaskVisit, type WorkflowTree} from './tree.js'
import {DEPRECATED_TYPES, KNOWN_TYPES, ORKES_ONLY_TYPES} from './task-types.js'

export type {Finding} from './problems.js'

/** Field names per model, from the JSON Schemas (schema.ts knownFields); a model without a list is not checked. */
export type KnownFields = Partial<Record<ModelName, Set<string>>>

/** What the rules may know beyond one definition: the task definitions given alongside (by name). */
export interface RuleContext {
  known: KnownFields
  taskDefs: Map<string, JsonObject>
}

const sev = (checked: boolean): Severity => (checked ? 'error' : 'warning')
const UNCHECKED_NOTE = ' (the server does not check this part on register; it fails at run time)'
const note = (checked: boolean) => (checked ? '' : UNCHECKED_NOTE)

/** Rules on one workflow definition. `raw` is what the user wrote; `body` is what would be sent (nulls and $schema stripped). */
export function workflowFindings(raw: Json, body: JsonObject, ctx: RuleContext): Finding[] {
  const out: Finding[] = []
  for (const tree of workflowTrees(body)) {
    duplicateRefs(tree, out)
    for (const visit of tree.tasks) {
      expressionRefs(tree, visit, out)
      taskRules(tree, visit, ctx, out)
    }
    if (isObject(tree.def.outputParameters)) {
      for (const [text, path] of stringsIn(tree.def.outputParameters, [...tree.path, 'outputParameters'])) {
        for (const expr of expressionsIn(text)) {
          const first = firstSegment(expr)
          if (
            isValidPath(expr) &&
            first !== 'workflow' &&
            !tree.refs.has(first) &&
            !SYSTEM_PARAMETERS.has(first) &&
            !looksLikeEnvironmentName(expr)
          )
            out.push({
              path,
              rule: 'unknown-ref',
              severity: 'warning',
              message: `\${${expr}}: no task has taskReferenceName "${first}" in this workflow, so this output is always empty`,
            })
        }
      }
    }
  }
  fieldRules(raw, 'workflowDef', [], ctx.known, out)
  return out
}

/** Rules on one task definition (also used, as warnings, for taskDefinition embedded in a workflow task). */
export function taskDefFindings(
  raw: Json,
  body: JsonObject,
  ctx: RuleContext,
  path: PathSegment[] = [],
  checked = true,
): Finding[] {
  const out: Finding[] = []
  const num = (k: string, fallback: number) => (typeof body[k] === 'number' ? (body[k] as number) : fallback)
  const timeout = num('timeoutSeconds', 0)
  const response = num('responseTimeoutSeconds', 3600)
  const total = num('totalTimeoutSeconds', 0)
  if (timeout > 0 && response > timeout) {
    const implicit = body.responseTimeoutSeconds === undefined
    out.push({
      path: [...path, implicit ? 'timeoutSeconds' : 'responseTimeoutSeconds'],
      rule: 'server-timeout-order',
      severity: sev(checked),
      message:
        (implicit
          ? `timeoutSeconds is ${timeout} but responseTimeoutSeconds defaults to 3600, which must not exceed it; set responseTimeoutSeconds to ${timeout} or less`
          : `responseTimeoutSeconds (${response}) must not exceed timeoutSeconds (${timeout})`) + note(checked),
    })
  }
  if (timeout > 0 && total > 0 && timeout > total)
    out.push({
      path: [...path, 'timeoutSeconds'],
      rule: 'server-timeout-order',
      severity: sev(checked),
      message: `timeoutSeconds (${timeout}) must not exceed totalTimeoutSeconds (${total})` + note(checked),
    })
  if (checked) fieldRules(raw, 'taskDef', path, ctx.known, out)
  return out
}

function duplicateRefs(tree: WorkflowTree, out: Finding[]): void {
  const first = new Map<string, PathSegment[]>()
  for (const {task, path, collected} of tree.tasks) {
    const ref = task.taskReferenceName
    if (!collected || typeof ref !== 'string' || ref === '') continue
    const earlier = first.get(ref)
    if (!earlier) {
      first.set(ref, path)
      continue
    }
    out.push({
      path: [...path, 'taskReferenceName'],
      rule: 'duplicate-ref',
      severity: sev(!tree.inline),
      message:
        `taskReferenceName "${ref}" is already used at ${pathText(earlier)}; it must be unique across the whole workflow (forks, switch cases and loops included)` +
        note(!tree.inline),
    })
  }
}

function expressionRefs(tree: WorkflowTree, visit: TaskVisit, out: Finding[]): void {
  const strict = visit.topLevel && !tree.inline
  for (const [text, path] of stringsIn(visit.task.inputParameters, [...visit.path, 'inputParameters'])) {
    for (const expr of expressionsIn(text)) {
      if (!isValidPath(expr)) {
        out.push({
          path,
          rule: 'invalid-expression',
          severity: sev(strict),
          message:
            `\${${expr}} is not a valid JSONPath expression` + (strict ? '' : '; it resolves to nothing at run time'),
        })
        continue
      }
      const first = firstSegment(expr)
      if (first === 'workflow' || tree.refs.has(first) || SYSTEM_PARAMETERS.has(expr)) continue
      if (looksLikeEnvironmentName(expr)) {
        out.push({
          path,
          rule: 'env-ref',
          severity: 'warning',
          message: `\${${expr}} is read from the server's environment or Java system properties; ${strict ? 'the server rejects the definition' : 'it resolves to nothing'} if ${expr} is not set there`,
        })
        continue
      }
      out.push({
        path,
        rule: 'unknown-ref',
        severity: sev(strict),
        message:
          `\${${expr}}: no task has taskReferenceName "${first}" in this workflow` +
          (strict ? '' : '; it resolves to nothing at run time'),
      })
    }
  }
}

function taskRules(tree: WorkflowTree, visit: TaskVisit, ctx: RuleContext, out: Finding[]): void {
  const {task, path, checked} = visit
  const type = typeOf(task)
  const inputs = isObject(task.inputParameters) ? task.inputParameters : {}
  const name = typeof task.name === 'string' ? task.name : ''
  const at = (...rest: PathSegment[]) => [...path, ...rest]
  const templateHas = (key: string) => {
    const own =
      isObject(task.taskDefinition) &&
      isObject(task.taskDefinition.inputTemplate) &&
      key in task.taskDefinition.inputTemplate
    const given = ctx.taskDefs.get(name)
    return own || (given !== undefined && isObject(given.inputTemplate) && key in given.inputTemplate)
  }
  const needsInput = (keys: string[], label: string) => {
    if (keys.some((k) => k in inputs) || templateHas(keys[0] as string)) return
    out.push({
      path: at('inputParameters'),
      rule: 'task-input',
      severity: sev(checked),
      message:
        `${type} task "${name}" needs ${label}` +
        (checked ? ` (or a registered task definition "${name}" whose inputTemplate has ${keys[0]})` : UNCHECKED_NOTE),
    })
  }
  switch (type) {
    case 'HTTP':
      needsInput(['http_request', 'uri', 'method'], 'inputParameters.http_request (or inputParameters.uri / method)')
      break
    case 'KAFKA_PUBLISH':
      needsInput(['kafka_request'], 'inputParameters.kafka_request')
      break
    case 'JSON_JQ_TRANSFORM':
      needsInput(['queryExpression'], 'inputParameters.queryExpression')
      break
    case 'WAIT': {
      const text = (k: string) => (inputs[k] === undefined || inputs[k] === null ? '' : String(inputs[k]))
      const duration = text('duration')
      const until = text('until')
      if (duration.trim() && until.trim())
        out.push({
          path: at('inputParameters'),
          rule: 'wait-input',
          severity: sev(checked),
          message: 'a WAIT task takes duration or until, not both' + note(checked),
        })
      else if (duration.trim() && !duration.startsWith('${') && !isValidDuration(duration))
        out.push({
          path: at('inputParameters', 'duration'),
          rule: 'wait-input',
          severity: sev(checked),
          message: `duration "${duration}" is not a duration like "30s", "10 minutes" or "1d 2h"` + note(checked),
        })
      else if (!duration.trim() && until.trim() && !until.startsWith('${') && !isValidUntil(until))
        out.push({
          path: at('inputParameters', 'until'),
          rule: 'wait-input',
          severity: sev(checked),
          message:
            `until "${until}" is not a date like "2025-01-31 14:30", "2025-01-31 14:30 UTC" or "2025-01-31"` +
            note(checked),
        })
      break
    }
    case 'SWITCH':
    case 'DECISION': {
      const script =
        type === 'SWITCH' ? (task.evaluatorType === 'javascript' ? task.expression : undefined) : task.caseExpression
      if (typeof script === 'string') {
        const error = syntaxError(script)
        if (error)
          out.push({
            path: at(type === 'SWITCH' ? 'expression' : 'caseExpression'),
            rule: 'script-syntax',
            severity: sev(checked),
            message: `JavaScript syntax error: ${error}` + note(checked),
          })
      }
      if (type === 'DECISION')
        out.push({
          path: at('type'),
          rule: 'deprecated',
          severity: 'warning',
          message: 'DECISION is deprecated; use SWITCH',
        })
      break
    }
    case 'LAMBDA':
      out.push({path: at('type'), rule: 'deprecated', severity: 'warning', message: 'LAMBDA is deprecated; use INLINE'})
      break
    case 'INLINE':
      for (const key of ['evaluatorType', 'expression'])
        if (!(key in inputs))
          out.push({
            path: at('inputParameters'),
            rule: 'inline-input',
            severity: 'warning',
            message: `INLINE task "${name}" has no inputParameters.${key}; it fails when it runs`,
          })
      break
    case 'SUB_WORKFLOW': {
      const sub = task.subWorkflowParam
      if (isObject(sub) && !(typeof sub.name === 'string' && sub.name) && sub.workflowDefinition === undefined)
        out.push({
          path: at('subWorkflowParam'),
          rule: 'sub-workflow-name',
          severity: 'warning',
          message: `SUB_WORKFLOW task "${name}" names no workflow: set subWorkflowParam.name (or an inline workflowDefinition); it fails when it runs`,
        })
      break
    }
    case 'START_WORKFLOW': {
      const start = inputs.startWorkflow
      if (
        !(isObject(start) && typeof start.name === 'string' && start.name) &&
        !(typeof start === 'string' && start.startsWith('${'))
      )
        out.push({
          path: at('inputParameters'),
          rule: 'start-workflow-input',
          severity: 'warning',
          message: `START_WORKFLOW task "${name}" needs inputParameters.startWorkflow.name; it fails when it runs`,
        })
      break
    }
    case 'JOIN':
    case 'EXCLUSIVE_JOIN':
      for (const key of ['joinOn', 'defaultExclusiveJoinTask']) {
        const list = task[key]
        if (!Array.isArray(list)) continue
        list.forEach((ref, i) => {
          if (typeof ref === 'string' && !tree.refs.has(ref))
            out.push({
              path: at(key, i),
              rule: 'unknown-join-ref',
              severity: 'warning',
              message: `${key} names "${ref}", which no task in this workflow has as taskReferenceName; the join never completes`,
            })
        })
      }
      break
    case 'DO_WHILE':
      if (typeof task.loopCondition === 'string') {
        for (const ref of loopConditionRefs(task.loopCondition)) {
          if (!tree.refs.has(ref) && !(ref in inputs))
            out.push({
              path: at('loopCondition'),
              rule: 'unknown-loop-ref',
              severity: 'warning',
              message: `loopCondition reads $.${ref}, which is neither a taskReferenceName in this workflow nor an input of this DO_WHILE`,
            })
        }
      }
      break
    default:
      if (ORKES_ONLY_TYPES.has(type))
        out.push({
          path: at('type'),
          rule: 'unknown-type',
          severity: 'warning',
          message: `${type} is an Orkes Conductor system task; Conductor OSS accepts the definition but has no implementation, so the task never runs`,
        })
      else if (!KNOWN_TYPES.has(type))
        out.push({
          path: at('type'),
          rule: 'unknown-type',
          severity: 'warning',
          message: `"${type}" is not a Conductor system task type; the server treats it as a worker task of that type${closest(type, KNOWN_TYPES)}`,
        })
  }
  if (DEPRECATED_TYPES.has(type) && type !== 'DECISION' && type !== 'LAMBDA')
    out.push({path: at('type'), rule: 'deprecated', severity: 'warning', message: `${type} is deprecated`})
  if (isObject(task.taskDefinition))
    out.push(...taskDefFindings(task.taskDefinition, task.taskDefinition, ctx, at('taskDefinition'), false))
}

/** `$.ref` and `$['ref']` at the start of a property chain in a DO_WHILE condition. */
function loopConditionRefs(condition: string): Set<string> {
  const refs = new Set<string>()
  for (const m of condition.matchAll(/(?<![\w$.])\$\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*['"]([^'"]+)['"]\s*\])/g))
    refs.add((m[1] ?? m[2]) as string)
  return refs
}

function syntaxError(script: string): string | undefined {
  try {
    new Script(script)
    return undefined
  } catch (error) {
    return error instanceof SyntaxError ? error.message : undefined
  }
}

/** Unknown fields and explicit nulls, walking the typed parts of the raw document in the order written. */
function fieldRules(raw: Json, model: ModelName, path: PathSegment[], known: KnownFields, out: Finding[]): void {
  walkModels(
    model,
    raw,
    {
      order: 'written',
      field({model: at}, key, value, here) {
        const fields = known[at]
        if (!fields) return false
        if (!fields.has(key)) {
          out.push({
            path: here,
            rule: 'unknown-field',
            severity: 'warning',
            message: `unknown field "${key}" in ${DESCRIPTIONS[at] ?? at}: the server drops it${closest(key, fields)}`,
          })
          return false
        }
        if (value !== null) return true
        const fallback = primitiveDefault(at, key)
        if (fallback !== undefined)
          out.push({
            path: here,
            rule: 'null-value',
            severity: 'warning',
            message: `"${key}": null is read by the server as ${typeof fallback === 'boolean' ? 'false' : '0'}${key === 'version' ? ' (version 0)' : ''}, not the default ${fallback}; conductor strips nulls before sending, so remove it or write a value`,
          })
        return false
      },
    },
    undefined,
    path,
  )
}

/** How messages name the models whose fields the rules check (those the JSON Schemas describe). */
const DESCRIPTIONS: Partial<Record<ModelName, string>> = {
  workflowDef: 'the workflow definition',
  workflowTask: 'a workflow task',
  taskDef: 'the task definition',
  subWorkflowParams: 'subWorkflowParam',
  schemaDef: 'the schema',
  cacheConfig: 'cacheConfig',
  rateLimitConfig: 'rateLimitConfig',
  stateChangeEvent: 'the state change event',
}

/** ", did you mean X?" for a near miss. */
function closest(word: string, candidates: Iterable<string>): string {
  const best = closestMatch(
    word,
    [...candidates].filter((c) => !c.startsWith('$')),
  )
  return best ? `; did you mean "${best}"?` : ''
}

function pathText(path: PathSegment[]): string {
  return '$' + path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')
}
