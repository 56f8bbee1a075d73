import {ControlCommand, controlArgs, controlFlags} from '../../lib/command/control-command.js'
import {CONTROL_HELP, type ControlOutcome} from '../../lib/executions/control-flow.js'

export default class ExecutionPause extends ControlCommand<typeof ExecutionPause> {
  static override summary = 'Pause running executions: tasks in flight finish, no new ones are scheduled.'
  static override description = [
    'A paused workflow stays PAUSED until `execution resume`; pausing a PAUSED one is a no-op. Ended workflows cannot be paused.',
    ...CONTROL_HELP,
  ].join('\n')
  static override examples = [
    '<%= config.bin %> execution pause 3f1c…',
    '<%= config.bin %> pause --query "workflow=orders and status=RUNNING" --yes',
    '<%= config.bin %> execution pause 3f1c… 9a2b… --json',
  ]
  static override aliases = ['pause']
  static override strict = false
  static override args = controlArgs
  static override flags = controlFlags('pause')

  async run(): Promise<ControlOutcome> {
    return this.control('pause', false, {})
  }
}
