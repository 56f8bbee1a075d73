import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {keyValueFlag} from '../../lib/command/flags.js'
import {applyToEach, RESULT_COLUMNS, summaryError, type ControlResult} from '../../lib/executions/control.js'
import {skipTask} from '../../lib/executions/service.js'

export default class ExecutionSkipTask extends BaseCommand<typeof ExecutionSkipTask> {
  static override summary = 'Skip a task the running workflow has not reached yet.'
  static override description = [
    'Only for a RUNNING workflow and a task reference it has not scheduled yet: the task is recorded as SKIPPED and the',
    'workflow moves on when it gets there. A task already scheduled or in progress cannot be skipped; finish it with',
    '`conductor task complete ID REF` instead. Asks for confirmation (--yes to skip).',
    "--task-input KEY=VALUE and --task-output KEY=VALUE record the skipped task's input and output, so later tasks that read",
    '${REF.output.KEY} get a value. The server reads them from the query string: each VALUE is stored as text, KEY as written.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> execution skip-task 3f1c… send_email --yes',
    '<%= config.bin %> execution skip-task 3f1c… lookup --task-output tier=gold --task-input reason=manual -y',
  ]
  static override args = {
    id: Args.string({description: 'Workflow (execution) id.', required: true}),
    ref: Args.string({description: 'Task reference name to skip.', required: true}),
  }
  static override flags = {
    'task-input': keyValueFlag({summary: "The skipped task's input KEY=VALUE (repeatable; stored as text)."}),
    'task-output': keyValueFlag({summary: "The skipped task's output KEY=VALUE (repeatable; stored as text)."}),
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
        await skipTask(client, id, ref, {
          taskInput: Object.fromEntries((this.flags['task-input'] ?? []).map((kv) => [kv.key, kv.value])),
          taskOutput: Object.fromEntries((this.flags['task-output'] ?? []).map((kv) => [kv.key, kv.value])),
        })
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
