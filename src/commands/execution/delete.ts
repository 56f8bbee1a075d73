import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {question} from '../../lib/executions/confirm.js'
import {applyToEach, RESULT_COLUMNS, summaryError, workflowIds, type ControlResult} from '../../lib/executions/control.js'
import {remove} from '../../lib/executions/service.js'

export default class ExecutionDelete extends BaseCommand<typeof ExecutionDelete> {
  static override summary = 'Delete executions and their task data from the server.'
  static override description = [
    'By default any execution can be deleted, even a running one. With --archive it is archived instead of dropped, which the',
    'server allows only for ended workflows. Asks for confirmation (--yes to skip).',
    'Takes one or more ids; each gets a line {id, ok, message} (a table, or a list with --json). One failure does not stop',
    'the others; the exit code is that of the failures (4 not found, 5 wrong state, ...; 1 when they differ).',
  ].join('\n')
  static override examples = ['<%= config.bin %> execution delete 3f1c…', '<%= config.bin %> execution delete 3f1c… 9a2b… --json']
  static override strict = false
  static override args = {id: Args.string({description: 'Workflow (execution) id; give several to act on each.', required: true})}
  static override flags = {
    archive: Flags.boolean({summary: 'Archive the execution (ended workflows only) instead of dropping it.'}),
    yes: Flags.boolean({char: 'y', summary: 'Do it without asking (needed when there is no terminal).'}),
  }

  async run(): Promise<ControlResult[]> {
    const ids = workflowIds(this.positionals)
    await this.confirmOrYes(question('delete', ids))
    const client = await this.client()
    const results = await applyToEach(client, 'delete', ids, async (id) => {
      await remove(client, id, this.flags.archive)
      return this.flags.archive ? 'deleted (archived)' : 'deleted'
    })
    await this.renderList(results, RESULT_COLUMNS)
    const failed = summaryError('delete', results)
    if (failed) throw failed
    return results
  }
}
