import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {question} from '../../lib/executions/confirm.js'
import {applyToEach, RESULT_COLUMNS, summaryError, workflowIds, type ControlResult} from '../../lib/executions/control.js'
import {terminate} from '../../lib/executions/service.js'

export default class ExecutionTerminate extends BaseCommand<typeof ExecutionTerminate> {
  static override summary = 'Terminate executions: the status becomes TERMINATED and pending tasks are cancelled.'
  static override description = [
    'Applies to RUNNING and PAUSED workflows (a FAILED or TIMED_OUT one becomes TERMINATED; a COMPLETED one is refused).',
    'The definition\'s failureWorkflow is not started by a manual terminate on Conductor OSS. Asks for confirmation (--yes to skip).',
    'Takes one or more ids; each gets a line {id, ok, message} (a table, or a list with --json). One failure does not stop',
    'the others; the exit code is that of the failures (4 not found, 5 wrong state, ...; 1 when they differ).',
  ].join('\n')
  static override examples = ['<%= config.bin %> execution terminate 3f1c…', '<%= config.bin %> execution terminate 3f1c… 9a2b… --json']
  static override strict = false
  static override args = {id: Args.string({description: 'Workflow (execution) id; give several to act on each.', required: true})}
  static override flags = {
    reason: Flags.string({summary: 'Reason recorded on the execution (reasonForIncompletion).'}),
    yes: Flags.boolean({char: 'y', summary: 'Do it without asking (needed when there is no terminal).'}),
  }

  async run(): Promise<ControlResult[]> {
    const ids = workflowIds(this.positionals)
    await this.confirmOrYes(question('terminate', ids))
    const client = await this.client()
    const results = await applyToEach(client, 'terminate', ids, async (id) => {
      await terminate(client, id, this.flags.reason)
      return 'terminated'
    })
    await this.renderList(results, RESULT_COLUMNS)
    const failed = summaryError('terminate', results)
    if (failed) throw failed
    return results
  }
}
