import {definitionLabel, type LoadedDefinition} from './load.js'
import {formatPath, type Problem} from './problems.js'
import type {Finding, RuleContext} from './rules.js'
import type {WorkflowCatalogue} from './schedule-rules.js'
import {modelOf} from './compare.js'
import type {Json, JsonObject} from './model.js'
import {wireBody} from './normalise.js'

/**
 * Offline checks: the JSON Schema (ajv, compiled once) plus the server's rules the schema cannot
 * express. `serverWorkflows` (name → versions), when given, is where workflows that schedules and
 * event handlers start may also be; without it a workflow missing from the files is a warning.
 */
export async function validateDefinitions(
  defs: LoadedDefinition[],
  options: {serverWorkflows?: Map<string, Set<number>>} = {},
): Promise<Problem[]> {
  if (defs.length === 0) return []
  const [{schemaFindings, knownFields}, {workflowFindings, taskDefFindings}, {scheduleFindings, eventHandlerFindings}] =
    await Promise.all([import('./schema.js'), import('./rules.js'), import('./schedule-rules.js')])
  const ctx: RuleContext = {known: await knownFields(), taskDefs: new Map()}
  const catalogue: WorkflowCatalogue = {
    files: new Map(),
    ...(options.serverWorkflows ? {server: options.serverWorkflows} : {}),
  }
  for (const def of defs) {
    if (def.kind === 'task' && def.name) ctx.taskDefs.set(def.name, bodyOf(def))
    if (def.kind === 'workflow' && def.name)
      catalogue.files.set(def.name, (catalogue.files.get(def.name) ?? new Set()).add(def.version ?? 1))
  }
  const problems: Problem[] = []
  for (const def of defs) {
    const body = bodyOf(def)
    const rules =
      def.kind === 'workflow'
        ? workflowFindings(def.doc as Json, body, ctx)
        : def.kind === 'task'
          ? taskDefFindings(def.doc as Json, body, ctx)
          : def.kind === 'schedule'
            ? scheduleFindings(body, catalogue)
            : eventHandlerFindings(body, catalogue)
    const findings = [...(await schemaFindings(def.kind, body)), ...rules]
    for (const finding of findings) problems.push(toProblem(def, finding))
  }
  problems.push(...duplicateDefinitions(defs))
  return problems
}

/** Checks run on what would be sent (wireBody: no `$schema`, no explicit nulls on model fields), as the server sees it. */
function bodyOf(def: LoadedDefinition): JsonObject {
  return wireBody(modelOf(def.kind), def.doc as Json) as JsonObject
}

function toProblem(def: LoadedDefinition, finding: Finding): Problem {
  const position = def.locate(finding.path)
  return {
    file: def.file,
    ...(position ? {line: position.line, column: position.column} : {}),
    path: formatPath(finding.path),
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    definition: definitionLabel(def),
  }
}

/** The same workflow name+version (or task name) twice in one run: only one of them can be registered. */
function duplicateDefinitions(defs: LoadedDefinition[]): Problem[] {
  const first = new Map<string, LoadedDefinition>()
  const problems: Problem[] = []
  for (const def of defs) {
    if (!def.name) continue
    const version = def.kind === 'workflow' ? (def.version ?? 1) : undefined
    const key = `${def.kind}\u0000${def.name}\u0000${version ?? ''}`
    const earlier = first.get(key)
    if (!earlier) {
      first.set(key, def)
      continue
    }
    const where = (d: LoadedDefinition) => {
      const p = d.locate([])
      return `${d.file}${p ? `:${p.line}:${p.column}` : ''}${d.pointer === '$' ? '' : ` (${d.pointer})`}`
    }
    problems.push(
      toProblem(def, {
        path: ['name'],
        rule: 'duplicate-definition',
        severity: 'error',
        message: `${def.kind} definition "${def.name}"${version === undefined ? '' : ` version ${version}`} is defined twice: in ${where(earlier)} and in ${where(def)}`,
      }),
    )
  }
  return problems
}
