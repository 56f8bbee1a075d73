import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {explainNoPendingTask} from '../../lib/executions/explain.js'
import {buildObject} from '../../lib/executions/input.js'
import {
  completeTaskById,
  completeTaskByRef,
  getWorkflow,
  TASK_RESULT_STATUSES,
  type TaskResultStatus,
} from '../../lib/executions/service.js'

export default class TaskComplete extends BaseCommand<typeof TaskComplete> {
  static override summary =
    'Complete (or fail) a pending task, by its task id or by workflow id and reference name (e.g. a WAIT or HUMAN task).'
  static override description = [
    'Sets the status and output of the pending task with that reference name. --output-data KEY=VALUE as for `run --input`.',
    'FAILED lets the task be retried per its definition; FAILED_WITH_TERMINAL_ERROR fails it for good.',
    'When no task with that ref is pending (not reached yet, already finished, or a typo) it fails with exit 4 and says why.',
    'One argument is a task id (any task type, found with GET /api/tasks/ID); a task that has already ended is refused (exit 5).',
    "--reason sets reasonForIncompletion (shown for FAILED tasks) and each --log LINE adds a line to the task's log.",
  ].join('\n')
  static override examples = [
    '<%= config.bin %> task complete 3f1c… approval --output-data approved=true --output-data by=ada',
    '<%= config.bin %> task complete 3f1c… approval --status FAILED_WITH_TERMINAL_ERROR',
    '<%= config.bin %> task complete 7d2e…(task id) --status FAILED --reason "card declined" --log "checked by ops"',
  ]
  static override args = {
    id: Args.string({description: 'Workflow (execution) id with REF, or a task id alone.', required: true}),
    ref: Args.string({description: 'Reference name of the pending task (with a workflow id).', required: false}),
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
    reason: Flags.string({summary: 'Reason recorded on the task (reasonForIncompletion).'}),
    log: Flags.string({summary: "A line for the task's log (repeatable).", multiple: true}),
  }

  async run(): Promise<{workflowId: string; ref: string; taskId: string; status: string}> {
    const {id, ref} = this.args
    const output = await buildObject(this.flags['output-data'] ?? [], '--output-data')
    const status = this.flags.status as TaskResultStatus
    const {reason, log: logs} = this.flags
    const client = await this.client()
    let done: {workflowId: string; ref: string; taskId: string}
    if (ref === undefined || reason !== undefined || logs !== undefined) {
      const taskId = ref === undefined ? id : await this.pendingTaskId(id, ref)
      done = await completeTaskById(client, taskId, {status, output, reason, logs})
    } else {
      const taskId = await completeTaskByRef(client, id, ref, status, output)
      if (!taskId) throw explainNoPendingTask(await getWorkflow(client, id), ref)
      done = {workflowId: id, ref, taskId}
    }
    this.log(`${status} task ${done.ref} (${done.taskId}) of ${done.workflowId}`)
    return {...done, status}
  }

  private async pendingTaskId(workflowId: string, ref: string): Promise<string> {
    const workflow = await getWorkflow(await this.client(), workflowId)
    const task = (workflow.tasks ?? []).find(
      (t) => t.referenceTaskName === ref && ['SCHEDULED', 'IN_PROGRESS'].includes(t.status),
    )
    if (!task) throw explainNoPendingTask(workflow, ref)
    return task.taskId
  }
}
