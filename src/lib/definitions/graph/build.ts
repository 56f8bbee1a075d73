import {isObject, type Json, type JsonObject} from '../model.js'

/**
 * The task graph of a workflow definition: one node per task, edges for the order of execution.
 * FORK_JOIN branches fan out and meet at the next task (the JOIN); SWITCH/DECISION cases fan out
 * with their case as the edge label ("default" for the default case) and meet at the next task;
 * a DO_WHILE runs its body and loops back ("repeat") until it leaves ("done"); TERMINATE ends its path.
 */
export type NodeShape =
  'start' | 'end' | 'task' | 'decision' | 'fork' | 'join' | 'loop' | 'subworkflow' | 'terminate' | 'dynamic'

export interface GraphNode {
  id: string
  /** the taskReferenceName (or start/end) */
  label: string
  /** the type and what matters about it: the switch expression, the sub-workflow started, ... */
  detail?: string
  shape: NodeShape
}

export interface GraphEdge {
  from: string
  to: string
  label?: string
  /** the way back to a DO_WHILE */
  back?: boolean
}

export interface TaskGraph {
  name: string
  version?: number
  nodes: GraphNode[]
  edges: GraphEdge[]
}

/** A branch of a task: fork branches, switch cases (default last), a loop body. */
export interface Branch {
  label: string
  tasks: Json[]
}

const MAX_DETAIL = 60

const str = (v: Json | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
const list = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : [])

export function taskType(task: JsonObject): string {
  return str(task.type) ?? 'SIMPLE'
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > MAX_DETAIL ? flat.slice(0, MAX_DETAIL - 1) + '…' : flat
}

/** `TYPE` plus what the type is about, for labels. */
export function describeTask(task: JsonObject): string {
  const type = taskType(task)
  const name = str(task.name)
  const ref = str(task.taskReferenceName)
  switch (type) {
    case 'SUB_WORKFLOW': {
      const sub = isObject(task.subWorkflowParam) ? task.subWorkflowParam : {}
      const inline = isObject(sub.workflowDefinition) ? sub.workflowDefinition : undefined
      const target = str(inline?.name) ?? str(sub.name) ?? '?'
      const version =
        typeof (inline?.version ?? sub.version) === 'number'
          ? ` v${String(inline?.version ?? sub.version)}`
          : inline
            ? ''
            : ' (latest)'
      return `SUB_WORKFLOW → ${inline ? 'inline ' : ''}${target}${version}`
    }
    case 'SWITCH':
    case 'DECISION': {
      const expression = str(task.expression) ?? str(task.caseExpression) ?? str(task.caseValueParam)
      return expression ? `${type} ${short(expression)}` : type
    }
    case 'DO_WHILE': {
      const condition = str(task.loopCondition)
      return condition ? `DO_WHILE ${short(condition)}` : type
    }
    case 'TERMINATE': {
      const input = isObject(task.inputParameters) ? task.inputParameters : {}
      const status = str(input.terminationStatus)
      return status ? `TERMINATE ${status}` : type
    }
    default:
      return type === 'SIMPLE' && name && name !== ref ? `SIMPLE ${name}` : type
  }
}

/** The nested task lists of a task, labelled; empty for tasks without any. */
export function branchesOf(task: JsonObject): Branch[] {
  switch (taskType(task)) {
    case 'FORK_JOIN':
      return list(task.forkTasks).map((b, i) => ({label: `branch ${i + 1}`, tasks: list(b)}))
    case 'SWITCH':
    case 'DECISION': {
      const cases = isObject(task.decisionCases) ? task.decisionCases : {}
      return [
        ...Object.entries(cases).map(([k, tasks]) => ({label: k, tasks: list(tasks)})),
        {label: 'default', tasks: list(task.defaultCase)},
      ]
    }
    case 'DO_WHILE':
      return [{label: 'body', tasks: list(task.loopOver)}]
    default:
      return []
  }
}

const SHAPES: Record<string, NodeShape> = {
  FORK_JOIN: 'fork',
  FORK_JOIN_DYNAMIC: 'fork',
  JOIN: 'join',
  EXCLUSIVE_JOIN: 'join',
  SWITCH: 'decision',
  DECISION: 'decision',
  DO_WHILE: 'loop',
  SUB_WORKFLOW: 'subworkflow',
  TERMINATE: 'terminate',
  DYNAMIC: 'dynamic',
}

interface Exit {
  id: string
  label?: string | undefined
}

export function buildGraph(workflow: Json): TaskGraph {
  const doc = isObject(workflow) ? workflow : {}
  const nodes: GraphNode[] = []
  const edges: GraphEdge[] = []
  let counter = 0
  const add = (node: Omit<GraphNode, 'id'>): string => {
    const id = `n${counter++}`
    nodes.push({id, ...node})
    return id
  }
  const connect = (from: Exit[], to: string) => {
    for (const e of from) edges.push({from: e.id, to, ...(e.label === undefined ? {} : {label: e.label})})
  }
  const sequence = (tasks: Json[], entries: Exit[]): Exit[] =>
    tasks.reduce<Exit[]>((pending, task) => step(task, pending), entries)

  const step = (value: Json, pending: Exit[]): Exit[] => {
    const task = isObject(value) ? value : {}
    const type = taskType(task)
    const id = add({
      label: str(task.taskReferenceName) ?? str(task.name) ?? '?',
      detail: describeTask(task),
      shape: SHAPES[type] ?? 'task',
    })
    connect(pending, id)
    switch (type) {
      case 'FORK_JOIN': {
        const branches = branchesOf(task)
        return branches.length === 0 ? [{id}] : branches.flatMap((b) => sequence(b.tasks, [{id}]))
      }
      case 'FORK_JOIN_DYNAMIC':
        return [{id, label: 'dynamic branches'}]
      case 'SWITCH':
      case 'DECISION':
        return branchesOf(task).flatMap((b) => sequence(b.tasks, [{id, label: b.label}]))
      case 'DO_WHILE': {
        const body = list(task.loopOver)
        if (body.length > 0)
          for (const e of sequence(body, [{id}]))
            edges.push({from: e.id, to: id, label: e.label ?? 'repeat', back: true})
        return [{id, label: 'done'}]
      }
      case 'TERMINATE':
        return []
      default:
        return [{id}]
    }
  }

  const start = add({label: 'start', shape: 'start'})
  const exits = sequence(list(doc.tasks), [{id: start}])
  // when every path ends in TERMINATE there is no plain end
  if (exits.length > 0) connect(exits, add({label: 'end', shape: 'end'}))
  return {
    name: str(doc.name) ?? '(unnamed)',
    ...(typeof doc.version === 'number' ? {version: doc.version} : {}),
    nodes,
    edges,
  }
}
