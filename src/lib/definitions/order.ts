import {isObject, type Json} from './model.js'

/** Names of workflows a definition starts as sub-workflows (by name, not inline) or as failure workflow. */
export function referencedWorkflows(doc: Json): Set<string> {
  const names = new Set<string>()
  const visit = (value: Json): void => {
    if (Array.isArray(value)) {
      value.forEach(visit)
      return
    }
    if (!isObject(value)) return
    const sub = value.subWorkflowParam
    if (isObject(sub) && typeof sub.name === 'string' && !isObject(sub.workflowDefinition)) names.add(sub.name)
    for (const key of ['tasks', 'forkTasks', 'decisionCases', 'defaultCase', 'loopOver'] as const) {
      const child = value[key]
      if (child !== undefined) visit(isObject(child) ? Object.values(child) : child)
    }
    if (isObject(sub) && isObject(sub.workflowDefinition)) visit(sub.workflowDefinition)
  }
  visit(doc)
  if (isObject(doc) && typeof doc.failureWorkflow === 'string') names.add(doc.failureWorkflow)
  return names
}

/**
 * Workflows grouped in levels so that each level only references workflows of earlier levels
 * (sub-workflows and failure workflows before the parents). Cycles end up in the last level.
 */
export function dependencyLevels<T extends {name: string; doc: unknown}>(workflows: T[]): T[][] {
  const byName = new Map<string, T[]>()
  for (const w of workflows) byName.set(w.name, [...(byName.get(w.name) ?? []), w])
  const levels: T[][] = []
  const placed = new Set<string>()
  let pending = [...workflows]
  while (pending.length > 0) {
    const ready = pending.filter((w) =>
      [...referencedWorkflows(w.doc as Json)].every((n) => n === w.name || placed.has(n) || !byName.has(n)),
    )
    const level = ready.length > 0 ? ready : pending // a cycle: send the rest together
    levels.push(level)
    for (const w of level) placed.add(w.name)
    pending = pending.filter((w) => !level.includes(w))
  }
  return levels
}
