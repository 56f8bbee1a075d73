import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {applyToEach, RESULT_COLUMNS, summaryError, type ControlResult} from '../../lib/executions/control.js'
import {skipTask} from '../../lib/executions/service.js'

export default class ExecutionSkipTask extends BaseCommand<typeof ExecutionSkipTask> {
  static override summary = 'Skip a task the running workflow has not reached yet.'
  static override description = [
    'Only for a RUNNING workflow and a task reference it has not scheduled yet: the task is recorded as SKIPPED and the',
    'workflow moves on when it gets there. A task already scheduled or in progress cannot be skipped; finish it with',
    '`conductor task complete ID REF` instead. Asks for confirmation (--yes to skip).',
  ].join('\n')
  static override examples = ['<%= config.bin %> execution skip-task 3f1c… send_email --yes']
  static override args = {
    id: Args.string({description: 'Workflow (execution) id.', required: true}),
    ref: Args.string({description: 'Task reference name to skip.', required: true}),
  }

  async run(): Promise<ControlResult[]> {
    const {id, ref} = this.args
    await this.confirmOrYes(`Skip task ${ref} of execution ${id}?`)
    const client = await this.client()
    const results = await applyToEach(
      client,
      'skip-task',
      [id],
      async () => {
        await skipTask(client, id, ref)
        return `task ${ref} skipped`
      },
      {context: () => ({ref})},
    )
    await this.renderList(results, RESULT_COLUMNS)
    const failed = summaryError('skip-task', results)
    if (failed) throw failed
    return results
  }
}
