import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import {TASK_RESULT_STATUSES, type TaskResultStatus} from '../../lib/executions/service.js'

export default class TaskUpdateExecution extends BaseCommand<typeof TaskUpdateExecution> {
  static override summary = "Set a task's status and output by workflow id and reference name (the Go CLI command)."
  static override description =
    'Prints the id of the task updated. When no task with that reference name is pending it fails with exit 4 and says why. `task complete` does the same with KEY=VALUE output.'
  static override examples = [
    '<%= config.bin %> task update-execution --workflow-id 3f1c… --task-ref-name approval --status COMPLETED --output \'{"approved":true}\'',
  ]
  static override flags = {
    'workflow-id': Flags.string({summary: 'Workflow (execution) id (required).'}),
    'task-ref-name': Flags.string({summary: 'Task reference name (required).'}),
    status: Flags.string({summary: 'Task status (required).', options: [...TASK_RESULT_STATUSES]}),
    output: Flags.string({summary: 'Task output as a JSON object.'}),
    'worker-id': Flags.string({summary: 'Worker id recorded on the task.'}),
  }

  async run(): Promise<{workflowId: string; ref: string; taskId: string; status: string}> {
    const {completeTaskByRef, getWorkflow} = await import('../../lib/executions/service.js')
    const {explainNoPendingTask} = await import('../../lib/executions/explain.js')
    const {'workflow-id': workflowId, 'task-ref-name': ref, status} = this.flags
    if (!workflowId || !ref || !status)
      throw new CliError('usage', '--workflow-id, --task-ref-name, and --status are required')
    let output: unknown = {}
    try {
      if (this.flags.output) output = JSON.parse(this.flags.output)
    } catch (error) {
      throw new CliError('usage', `invalid output JSON: ${(error as Error).message}`)
    }
    if (typeof output !== 'object' || output === null || Array.isArray(output))
      throw new CliError('usage', 'invalid output JSON: expected an object such as {"key":"value"}')
    const client = await this.client()
    const taskId = await completeTaskByRef(
      client,
      workflowId,
      ref,
      status as TaskResultStatus,
      output as Record<string, never>,
      this.flags['worker-id'],
    )
    if (!taskId) throw explainNoPendingTask(await getWorkflow(client, workflowId), ref)
    this.log(taskId)
    return {workflowId, ref, taskId, status}
  }
}
