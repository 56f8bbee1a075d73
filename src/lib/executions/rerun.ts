import type {ConductorClient} from '../client/client.js'
import type {Json, JsonObject} from '../client/types.js'
import {CliError} from '../errors.js'
import {buildObject} from './input.js'
import {findTask, getWorkflow, rerun, type RerunRequest} from './service.js'

export interface InputChange {
  /** KEY=VALUE changes */
  set: readonly string[]
  /** Dotted keys to remove */
  unset?: readonly string[] | undefined
  /** A whole new input (from a file): replaces the current one before the changes */
  replaceWith?: JsonObject | undefined
  /** Start from an empty input instead of the current one */
  replace?: boolean | undefined
}

export interface RerunOptions {
  fromTask?: string | undefined
  /** changes to the task's current input */
  taskInput: InputChange
  /** changes to the workflow's current input */
  workflowInput: InputChange
}

const changes = (c: InputChange) =>
  c.set.length > 0 || (c.unset?.length ?? 0) > 0 || c.replaceWith !== undefined || c.replace === true

/**
 * The new input: the current one (or nothing with `replace`, or the file's), then KEY=VALUE set,
 * then keys removed. A key to remove that is not there is an error (a typo would otherwise pass).
 */
export async function changedInput(current: JsonObject, change: InputChange, flag: string): Promise<JsonObject> {
  const base = change.replaceWith ?? (change.replace ? {} : current)
  const next = await buildObject(change.set, `--${flag}`, {base})
  for (const key of change.unset ?? []) {
    const path = key.split('.')
    let node: Json | undefined = next
    for (const step of path.slice(0, -1))
      node = node && typeof node === 'object' && !Array.isArray(node) ? node[step] : undefined
    const last = path.at(-1) as string
    if (!node || typeof node !== 'object' || Array.isArray(node) || !(last in node))
      throw new CliError('usage', `--unset-${flag} ${key}: the input has no such key`, {
        hint: `Its keys: ${Object.keys(next).join(', ') || '(none)'}.`,
      })
    delete node[last]
  }
  return next
}

/**
 * Reruns one execution. The server replaces the task (or workflow) input wholesale, so the changes are
 * applied over the current input: an INLINE task keeps its expression when only one key changes.
 */
export async function rerunExecution(client: ConductorClient, id: string, options: RerunOptions): Promise<string> {
  if (changes(options.taskInput) && !options.fromTask)
    throw new CliError(
      'usage',
      '--task-input (and the other task input flags) need --from-task (which task gets the input)',
    )
  const workflow = await getWorkflow(client, id)
  const request: RerunRequest = {}
  let from = 'the start'
  if (options.fromTask) {
    const task = findTask(workflow, options.fromTask)
    if (!task) {
      const refs = [...new Set((workflow.tasks ?? []).map((t) => t.referenceTaskName))]
      throw new CliError('notFound', `no task '${options.fromTask}' in execution ${id}`, {
        hint: refs.length > 0 ? `Its tasks (by ref): ${refs.join(', ')}.` : 'It has no tasks yet.',
      })
    }
    request.reRunFromTaskId = task.taskId
    if (changes(options.taskInput))
      request.taskInput = await changedInput(task.inputData ?? {}, options.taskInput, 'task-input')
    from = `task ${task.referenceTaskName} (${task.taskId})`
  }
  if (changes(options.workflowInput))
    request.workflowInput = await changedInput(workflow.input ?? {}, options.workflowInput, 'workflow-input')
  await rerun(client, id, request)
  return `rerunning from ${from}`
}
