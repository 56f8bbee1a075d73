import type {PathSegment} from './problems.js'

export type Json = Record<string, unknown>

/** One workflow task met while walking a definition. */
export interface TaskVisit {
  task: Json
  path: PathSegment[]
  /** Directly in the `tasks` list of its tree (the server checks `${...}` inputs only there). */
  topLevel: boolean
  /** Reached the way the server's collectTasks() does (children by type), so it counts for ref lookups and uniqueness. */
  collected: boolean
  /** Bean-validated by the server on register (loopOver children and inline sub-workflows are not). */
  checked: boolean
}

/** A workflow definition: the main one, or one inlined in subWorkflowParam.workflowDefinition. */
export interface WorkflowTree {
  def: Json
  path: PathSegment[]
  inline: boolean
  tasks: TaskVisit[]
  /** taskReferenceNames the server can see in this tree. */
  refs: Set<string>
}

export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v)
export const typeOf = (task: Json): string => (typeof task.type === 'string' ? task.type : 'SIMPLE')

/** The main tree first, then each inline sub-workflow definition as its own tree. */
export function workflowTrees(def: Json): WorkflowTree[] {
  const trees: WorkflowTree[] = []
  const visitTree = (tree: Json, path: PathSegment[], inline: boolean) => {
    const entry: WorkflowTree = {def: tree, path, inline, tasks: [], refs: new Set()}
    trees.push(entry)
    const walk = (list: unknown, listPath: PathSegment[], topLevel: boolean, collected: boolean, checked: boolean) => {
      if (!Array.isArray(list)) return
      list.forEach((task, i) => {
        if (!isObject(task)) return
        const taskPath = [...listPath, i]
        entry.tasks.push({task, path: taskPath, topLevel, collected, checked: checked && !inline})
        if (collected && typeof task.taskReferenceName === 'string') entry.refs.add(task.taskReferenceName)
        const type = typeOf(task)
        const isSwitch = type === 'SWITCH' || type === 'DECISION'
        if (isObject(task.decisionCases))
          for (const [k, v] of Object.entries(task.decisionCases))
            walk(v, [...taskPath, 'decisionCases', k], false, collected && isSwitch, checked)
        walk(task.defaultCase, [...taskPath, 'defaultCase'], false, collected && isSwitch, checked)
        if (Array.isArray(task.forkTasks))
          task.forkTasks.forEach((branch, b) =>
            walk(branch, [...taskPath, 'forkTasks', b], false, collected && type === 'FORK_JOIN', checked),
          )
        walk(task.loopOver, [...taskPath, 'loopOver'], false, collected && type === 'DO_WHILE', false)
        const sub = task.subWorkflowParam
        if (isObject(sub) && isObject(sub.workflowDefinition))
          visitTree(sub.workflowDefinition, [...taskPath, 'subWorkflowParam', 'workflowDefinition'], true)
      })
    }
    walk(tree.tasks, [...path, 'tasks'], true, true, true)
  }
  visitTree(def, [], false)
  return trees
}

/** Every string inside a value, with its path (for `${...}` checks). */
export function* stringsIn(value: unknown, path: PathSegment[]): Generator<[string, PathSegment[]]> {
  if (typeof value === 'string') yield [value, path]
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* stringsIn(value[i], [...path, i])
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) yield* stringsIn(v, [...path, k])
}
