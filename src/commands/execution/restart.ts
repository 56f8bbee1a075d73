import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {question} from '../../lib/executions/confirm.js'
import {applyToEach, RESULT_COLUMNS, summaryError, workflowIds, type ControlResult} from '../../lib/executions/control.js'
import {restart} from '../../lib/executions/service.js'

export default class ExecutionRestart extends BaseCommand<typeof ExecutionRestart> {
  static override summary = 'Restart ended executions from the first task, with the same input and id.'
  static override description = [
    'restart applies to workflows that have ended (COMPLETED too): every task is cleared and the workflow runs again.',
    'With --use-latest-definition the latest workflow and task definitions are used; check that the input and variables it',
    'reads still exist, as a changed definition can silently read nulls. Asks for confirmation (--yes to skip).',
    'Takes one or more ids; each gets a line {id, ok, message} (a table, or a list with --json). One failure does not stop',
    'the others; the exit code is that of the failures (4 not found, 5 wrong state, ...; 1 when they differ).',
  ].join('\n')
  static override examples = ['<%= config.bin %> execution restart 3f1c…', '<%= config.bin %> execution restart 3f1c… 9a2b… --json']
  static override strict = false
  static override args = {id: Args.string({description: 'Workflow (execution) id; give several to act on each.', required: true})}
  static override flags = {
    'use-latest-definition': Flags.boolean({summary: 'Run with the latest version of the workflow and task definitions.'}),
    yes: Flags.boolean({char: 'y', summary: 'Do it without asking (needed when there is no terminal).'}),
  }

  async run(): Promise<ControlResult[]> {
    const ids = workflowIds(this.positionals)
    await this.confirmOrYes(question('restart', ids))
    const client = await this.client()
    const results = await applyToEach(client, 'restart', ids, async (id) => {
      await restart(client, id, {useLatestDefinitions: this.flags['use-latest-definition']})
      return this.flags['use-latest-definition'] ? 'restarted with the latest definition' : 'restarted from the first task'
    })
    await this.renderList(results, RESULT_COLUMNS)
    const failed = summaryError('restart', results)
    if (failed) throw failed
    return results
  }
}
