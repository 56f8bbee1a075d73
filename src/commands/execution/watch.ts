import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {defaultedDurationFlag} from '../../lib/command/flags.js'
import {DEFAULT_WAIT} from '../../lib/duration.js'
import {followWithProgress, OUTCOME_TABLE, outcomeEnding, type Outcome} from '../../lib/executions/follow.js'
import {startSpinner} from '../../lib/output/streams.js'

export default class ExecutionWatch extends BaseCommand<typeof ExecutionWatch> {
  static override summary = 'Follow an execution until it ends; the exit code tells how it ended.'
  static override description = [
    'Polls the execution (every 0.5 s, slowing to 2 s) with progress on stderr; prints the final status line on stderr',
    'and the workflow output (JSON) on stdout. --json prints {workflowId, status, finished, exitCode, output, ...}.',
    '',
    OUTCOME_TABLE,
  ].join('\n')
  static override examples = [
    '<%= config.bin %> execution watch 3f1c…',
    '<%= config.bin %> execution watch 3f1c… --wait 30s || echo "did not complete"',
  ]
  static override args = {id: Args.string({description: 'Workflow (execution) id.', required: true})}
  static override flags = {
    wait: defaultedDurationFlag({
      summary: `Stop waiting after DURATION (30s, 5m, 1h; default ${DEFAULT_WAIT}); exit 13 if still running.`,
      default: DEFAULT_WAIT,
      aliases: ['for'],
    }),
  }

  async run(): Promise<Outcome> {
    const timeoutMs = this.flags.wait
    const spinner = await startSpinner(`Watching ${this.args.id}`, {quiet: this.jsonEnabled()})
    const outcome = await followWithProgress(await this.client(), this.args.id, timeoutMs, spinner)
    await this.renderDocument(outcome.output, 'json')
    const ending = outcomeEnding(outcome)
    if (ending) throw ending
    return outcome
  }
}
