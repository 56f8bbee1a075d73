import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {explainNoPendingTask} from '../../lib/executions/explain.js'
import {buildObject} from '../../lib/executions/input.js'
import {
  completeTaskByRef,
  getWorkflow,
  TASK_RESULT_STATUSES,
  type TaskResultStatus,
} from '../../lib/executions/service.js'

export default class TaskComplete extends BaseCommand<typeof TaskComplete> {
  static override summary =
    'Complete (or fail) a pending task of an execution by its reference name, e.g. a WAIT or HUMAN task.'
  static override description = [
    'Sets the status and output of the pending task with that reference name. --output-data KEY=VALUE as for `run --input`.',
    'FAILED lets the task be retried per its definition; FAILED_WITH_TERMINAL_ERROR fails it for good.',
    'When no task with that ref is pending (not reached yet, already finished, or a typo) it fails with exit 4 and says why.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> task complete 3f1c… approval --output-data approved=true --output-data by=ada',
    '<%= config.bin %> task complete 3f1c… approval --status FAILED_WITH_TERMINAL_ERROR',
  ]
  static override args = {
    workflowId: Args.string({description: 'Workflow (execution) id.', required: true}),
    ref: Args.string({description: 'Reference name of the pending task.', required: true}),
  }
  static override flags = {
    'output-data': Flags.string({
      summary: 'Task output KEY=VALUE (repeatable; a.b=1 nests; key=@file).',
      aliases: ['output'],
      multiple: true,
      multipleNonGreedy: true,
    }),
    status: Flags.string({
      summary: 'Status to set.',
      options: TASK_RESULT_STATUSES.filter((s) => s !== 'IN_PROGRESS'),
      default: 'COMPLETED',
    }),
  }

  async run(): Promise<{workflowId: string; ref: string; taskId: string; status: string}> {
    const {workflowId, ref} = this.args
    const output = await buildObject(this.flags['output-data'] ?? [], '--output-data')
    const status = this.flags.status as TaskResultStatus
    const client = await this.client()
    const taskId = await completeTaskByRef(client, workflowId, ref, status, output)
    if (!taskId) throw explainNoPendingTask(await getWorkflow(client, workflowId), ref)
    this.log(`${status} task ${ref} (${taskId}) of ${workflowId}`)
    return {workflowId, ref, taskId, status}
  }
}
