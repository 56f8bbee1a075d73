import {Args, Flags} from '@oclif/core'
import {ControlCommand} from '../../lib/command/control-command.js'
import {outputFlag} from '../../lib/command/global-flags.js'
import {CONTROL_HELP, type ControlOutcome} from '../../lib/executions/control-flow.js'

export default class ExecutionPause extends ControlCommand<typeof ExecutionPause> {
  static override summary = 'Pause running executions: tasks in flight finish, no new ones are scheduled.'
  static override description = [
    'A paused workflow stays PAUSED until `execution resume`; pausing a PAUSED one is a no-op. Ended workflows cannot be paused.',
    ...CONTROL_HELP,
  ].join('\n')
  static override examples = ['<%= config.bin %> execution pause 3f1c…', '<%= config.bin %> pause --query "workflow=orders and status=RUNNING" --yes', '<%= config.bin %> execution pause 3f1c… 9a2b… --json']
  static override aliases = ['pause']
  static override strict = false
  static override args = {id: Args.string({description: 'Workflow (execution) id; give several to act on each, or `-` to read them from stdin.', required: false})}
  static override flags = {
    ...outputFlag,
    query: Flags.string({summary: 'Pause every execution this search finds (the language of `conductor search`).'}),
    'dry-run': Flags.boolean({summary: 'Print the ids it would pause, and change nothing.'}),
    yes: Flags.boolean({char: 'y', summary: 'Do it without asking (needed without a terminal; for pause, resume and retry only with several ids from stdin or --query).'}),
  }

  async run(): Promise<ControlOutcome> {
    return this.control('pause', false, {})
  }
}
