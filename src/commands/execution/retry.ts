import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {applyToEach, RESULT_COLUMNS, summaryError, workflowIds, type ControlResult} from '../../lib/executions/control.js'
import {retry} from '../../lib/executions/service.js'

export default class ExecutionRetry extends BaseCommand<typeof ExecutionRetry> {
  static override summary = 'Retry ended executions from their failed (or cancelled) task, keeping the same id.'
  static override description = [
    'retry applies to FAILED, TIMED_OUT and TERMINATED workflows: the last failed or cancelled tasks are scheduled again and',
    'the completed ones are kept. To start over from the first task use restart; to go back to a chosen task use rerun --from-task.',
    'With --resume-subworkflow-tasks a failed SUB_WORKFLOW task is retried inside the sub-workflow instead of restarting it.',
    'Takes one or more ids; each gets a line {id, ok, message} (a table, or a list with --json). One failure does not stop',
    'the others; the exit code is that of the failures (4 not found, 5 wrong state, ...; 1 when they differ).',
  ].join('\n')
  static override examples = ['<%= config.bin %> execution retry 3f1c…', '<%= config.bin %> execution retry 3f1c… 9a2b… --json']
  static override strict = false
  static override args = {id: Args.string({description: 'Workflow (execution) id; give several to act on each.', required: true})}
  static override flags = {
    'resume-subworkflow-tasks': Flags.boolean({summary: 'Retry a failed sub-workflow from its own failed task, not from its start.'}),
  }

  async run(): Promise<ControlResult[]> {
    const ids = workflowIds(this.positionals)
    const client = await this.client()
    const results = await applyToEach(client, 'retry', ids, async (id) => {
      await retry(client, id, {resumeSubworkflowTasks: this.flags['resume-subworkflow-tasks']})
      return 'retrying from the failed task (RUNNING again)'
    })
    await this.renderList(results, RESULT_COLUMNS)
    const failed = summaryError('retry', results)
    if (failed) throw failed
    return results
  }
}
