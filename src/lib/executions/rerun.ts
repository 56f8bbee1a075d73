import type {ConductorClient} from '../client/client.js'
import {CliError} from '../errors.js'
import {buildObject} from './input.js'
import {findTask, getWorkflow, rerun, type RerunRequest} from './service.js'

export interface RerunOptions {
  fromTask?: string | undefined
  /** KEY=VALUE changes over the task's current input */
  taskInput: readonly string[]
  /** KEY=VALUE changes over the workflow's current input */
  workflowInput: readonly string[]
}

/**
 * Reruns one execution. The server replaces the task (or workflow) input wholesale, so the changes are
 * applied over the current input: an INLINE task keeps its expression when only one key changes.
 */
export async function rerunExecution(client: ConductorClient, id: string, options: RerunOptions): Promise<string> {
  if (options.taskInput.length > 0 && !options.fromTask)
    throw new CliError('usage', '--task-input needs --from-task (which task gets the input)')
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
    if (options.taskInput.length > 0)
      request.taskInput = await buildObject(options.taskInput, '--task-input', {base: task.inputData ?? {}})
    from = `task ${task.referenceTaskName} (${task.taskId})`
  }
  if (options.workflowInput.length > 0)
    request.workflowInput = await buildObject(options.workflowInput, '--workflow-input', {base: workflow.input ?? {}})
  await rerun(client, id, request)
  return `rerunning from ${from}`
}
