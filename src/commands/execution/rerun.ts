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
import {rerunOptions} from '../../lib/executions/rerun-options.js'

export default class ExecutionRerun extends BaseCommand<typeof ExecutionRerun> {
  static override summary =
    'Rerun ended executions from a chosen task (or from the start), optionally with changed input.'
  static override description = [
    'rerun applies to workflows that have ended. --from-task takes a task id or a reference name (its latest attempt); that task',
    'is reset and the workflow continues from it, keeping the tasks before it. Without --from-task the whole workflow runs again.',
    "--task-input KEY=VALUE changes keys of that task's input and --workflow-input KEY=VALUE keys of the workflow input (other",
    'keys are kept); --unset-task-input KEY / --unset-workflow-input KEY remove a key (a.b for a nested one). To replace an',
    'input instead: --replace-input starts both from nothing, or --task-input-file / --workflow-input-file give the whole new',
    'input (JSON or YAML; the KEY=VALUE flags apply on top). Compare: retry continues from the failed task, restart starts over.',
    'Asks for confirmation (--yes to skip). Takes one or more ids; each gets a line {id, ok, message}; exit code as for retry.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> execution rerun 3f1c… --from-task charge_card --task-input amount=10 --yes',
    '<%= config.bin %> execution rerun 3f1c… --workflow-input orderId=43 -y',
    '<%= config.bin %> execution rerun 3f1c… --workflow-input-file input.json --unset-workflow-input debug -y',
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
    'unset-task-input': Flags.string({summary: "Remove a key of that task's input (repeatable).", multiple: true}),
    'unset-workflow-input': Flags.string({summary: 'Remove a key of the workflow input (repeatable).', multiple: true}),
    'task-input-file': Flags.string({summary: "Replace that task's input with this JSON or YAML file."}),
    'workflow-input-file': Flags.string({summary: 'Replace the workflow input with this JSON or YAML file.'}),
    'replace-input': Flags.boolean({
      summary: 'Build the inputs from the KEY=VALUE flags alone instead of changing the current ones.',
    }),
  }

  async run(): Promise<ControlResult[]> {
    const ids = workflowIds(this.positionals)
    const f = this.flags
    const options = await rerunOptions(
      f['from-task'],
      {set: f['task-input'], unset: f['unset-task-input'], file: f['task-input-file']},
      {set: f['workflow-input'], unset: f['unset-workflow-input'], file: f['workflow-input-file']},
      f['replace-input'],
    )
    await this.confirmOrYes(question('rerun', ids))
    const client = await this.client()
    const results = await applyToEach(client, 'rerun', ids, (id) => rerunExecution(client, id, options), {
      context: () => ({ref: options.fromTask}),
    })
    await this.renderList(results, RESULT_COLUMNS)
    const failed = summaryError('rerun', results)
    if (failed) throw failed
    return results
  }
}
