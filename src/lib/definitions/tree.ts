import {isObject, walkModels, type JsonObject} from './model.js'
import type {PathSegment} from './problems.js'

/** One workflow task met while walking a definition. */
export interface TaskVisit {
  task: JsonObject
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
  def: JsonObject
  path: PathSegment[]
  inline: boolean
  tasks: TaskVisit[]
  /** taskReferenceNames the server can see in this tree. */
  refs: Set<string>
}

export const typeOf = (task: JsonObject): string => (typeof task.type === 'string' ? task.type : 'SIMPLE')

/** The task types whose children under a field the server's collectTasks() reaches. */
const COLLECTED_BY: Record<string, readonly string[]> = {
  decisionCases: ['SWITCH', 'DECISION'],
  defaultCase: ['SWITCH', 'DECISION'],
  forkTasks: ['FORK_JOIN'],
  loopOver: ['DO_WHILE'],
}

/** What a task's children inherit: the tree, the parent's type, and how the parent was reached. */
interface Place {
  tree: WorkflowTree
  type: string | undefined
  collected: boolean
  checked: boolean
}

/** The main tree first, then each inline sub-workflow definition as its own tree (in the order met). */
export function workflowTrees(def: JsonObject): WorkflowTree[] {
  const trees: WorkflowTree[] = []
  walkModels<Place | undefined>(
    'workflowDef',
    def,
    {
      order: 'declared',
      enter({model, doc, path, field}, parent) {
        if (model === 'workflowDef') {
          const inline = parent !== undefined
          const tree: WorkflowTree = {def: doc, path, inline, tasks: [], refs: new Set()}
          trees.push(tree)
          return {tree, type: undefined, collected: true, checked: !inline}
        }
        if (!parent || field === undefined) return false
        if (model === 'subWorkflowParams') return parent // on to its workflowDefinition
        if (model !== 'workflowTask') return false
        const collected = parent.collected && (field === 'tasks' || !!COLLECTED_BY[field]?.includes(parent.type ?? ''))
        const checked = parent.checked && field !== 'loopOver'
        parent.tree.tasks.push({task: doc, path, topLevel: field === 'tasks', collected, checked})
        if (collected && typeof doc.taskReferenceName === 'string') parent.tree.refs.add(doc.taskReferenceName)
        return {tree: parent.tree, type: typeOf(doc), collected, checked}
      },
    },
    undefined,
  )
  return trees
}

/** Every string inside a value, with its path (for `${...}` checks). */
export function* stringsIn(value: unknown, path: PathSegment[]): Generator<[string, PathSegment[]]> {
  if (typeof value === 'string') yield [value, path]
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* stringsIn(value[i], [...path, i])
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) yield* stringsIn(v, [...path, k])
}
