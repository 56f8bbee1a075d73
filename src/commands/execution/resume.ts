import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {applyToEach, RESULT_COLUMNS, summaryError, workflowIds, type ControlResult} from '../../lib/executions/control.js'
import {resume} from '../../lib/executions/service.js'

export default class ExecutionResume extends BaseCommand<typeof ExecutionResume> {
  static override summary = 'Resume paused executions.'
  static override description = [
    'Only a PAUSED workflow can be resumed; for an ended one use retry (from the failed task) or restart (from the start).',
    'Takes one or more ids; each gets a line {id, ok, message} (a table, or a list with --json). One failure does not stop',
    'the others; the exit code is that of the failures (4 not found, 5 wrong state, ...; 1 when they differ).',
  ].join('\n')
  static override examples = ['<%= config.bin %> execution resume 3f1c…', '<%= config.bin %> execution resume 3f1c… 9a2b… --json']
  static override strict = false
  static override args = {id: Args.string({description: 'Workflow (execution) id; give several to act on each.', required: true})}

  async run(): Promise<ControlResult[]> {
    const ids = workflowIds(this.positionals)
    const client = await this.client()
    const results = await applyToEach(client, 'resume', ids, async (id) => {
      await resume(client, id)
      return 'resumed'
    })
    await this.renderList(results, RESULT_COLUMNS)
    const failed = summaryError('resume', results)
    if (failed) throw failed
    return results
  }
}
