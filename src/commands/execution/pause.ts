import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {applyToEach, RESULT_COLUMNS, summaryError, workflowIds, type ControlResult} from '../../lib/executions/control.js'
import {pause} from '../../lib/executions/service.js'

export default class ExecutionPause extends BaseCommand<typeof ExecutionPause> {
  static override summary = 'Pause running executions: tasks in flight finish, no new ones are scheduled.'
  static override description = [
    'A paused workflow stays PAUSED until `execution resume`; pausing a PAUSED one is a no-op. Ended workflows cannot be paused.',
    'Takes one or more ids; each gets a line {id, ok, message} (a table, or a list with --json). One failure does not stop',
    'the others; the exit code is that of the failures (4 not found, 5 wrong state, ...; 1 when they differ).',
  ].join('\n')
  static override examples = ['<%= config.bin %> execution pause 3f1c…', '<%= config.bin %> execution pause 3f1c… 9a2b… --json']
  static override strict = false
  static override args = {id: Args.string({description: 'Workflow (execution) id; give several to act on each.', required: true})}

  async run(): Promise<ControlResult[]> {
    const ids = workflowIds(this.positionals)
    const client = await this.client()
    const results = await applyToEach(client, 'pause', ids, async (id) => {
      await pause(client, id)
      return 'paused'
    })
    await this.renderList(results, RESULT_COLUMNS)
    const failed = summaryError('pause', results)
    if (failed) throw failed
    return results
  }
}
