import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {question} from '../../lib/executions/confirm.js'
import {
  applyToEach,
  RESULT_COLUMNS,
  summaryError,
  workflowIds,
  type ControlResult,
} from '../../lib/executions/control.js'
import {rerunExecution} from '../../lib/executions/rerun.js'
import {buildObject} from '../../lib/executions/input.js'

export default class ExecutionRerun extends BaseCommand<typeof ExecutionRerun> {
  static override summary =
    'Rerun ended executions from a chosen task (or from the start), optionally with changed input.'
  static override description = [
    'rerun applies to workflows that have ended. --from-task takes a task id or a reference name (its latest attempt); that task',
    'is reset and the workflow continues from it, keeping the tasks before it. Without --from-task the whole workflow runs again.',
    "--task-input KEY=VALUE changes keys of that task's input and --workflow-input KEY=VALUE keys of the workflow input (other",
    'keys are kept). Compare: retry continues from the failed task, restart starts over from the first task.',
    'Asks for confirmation (--yes to skip). Takes one or more ids; each gets a line {id, ok, message}; exit code as for retry.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> execution rerun 3f1c… --from-task charge_card --task-input amount=10 --yes',
    '<%= config.bin %> execution rerun 3f1c… --workflow-input orderId=43 -y',
  ]
  static override strict = false
  static override args = {
    id: Args.string({description: 'Workflow (execution) id; give several to act on each.', required: true}),
  }
  static override flags = {
    'from-task': Flags.string({summary: 'Task id or reference name to rerun from.', helpValue: 'ID|REF'}),
    'task-input': Flags.string({
      summary: "Change a key of that task's input (repeatable; needs --from-task).",
      multiple: true,
      multipleNonGreedy: true,
    }),
    'workflow-input': Flags.string({
      summary: 'Change a key of the workflow input (repeatable).',
      multiple: true,
      multipleNonGreedy: true,
    }),
  }

  async run(): Promise<ControlResult[]> {
    const ids = workflowIds(this.positionals)
    const {'from-task': fromTask, 'task-input': taskInput = [], 'workflow-input': workflowInput = []} = this.flags
    await buildObject(taskInput, '--task-input')
    await buildObject(workflowInput, '--workflow-input')
    await this.confirmOrYes(question('rerun', ids))
    const client = await this.client()
    const results = await applyToEach(
      client,
      'rerun',
      ids,
      (id) => rerunExecution(client, id, {fromTask, taskInput, workflowInput}),
      {
        context: () => ({ref: fromTask}),
      },
    )
    await this.renderList(results, RESULT_COLUMNS)
    const failed = summaryError('rerun', results)
    if (failed) throw failed
    return results
  }
}
