import {ControlCommand, controlArgs, controlFlags} from '../../lib/command/control-command.js'
import {CONTROL_HELP, type ControlOutcome} from '../../lib/executions/control-flow.js'

export default class ExecutionResume extends ControlCommand<typeof ExecutionResume> {
  static override summary = 'Resume paused executions.'
  static override description = [
    'Only a PAUSED workflow can be resumed; for an ended one use retry (from the failed task) or restart (from the start).',
    ...CONTROL_HELP,
  ].join('\n')
  static override examples = [
    '<%= config.bin %> execution resume 3f1c…',
    '<%= config.bin %> resume --query "workflow=orders and status=PAUSED" --yes',
    '<%= config.bin %> execution resume 3f1c… 9a2b… --json',
  ]
  static override aliases = ['resume']
  static override strict = false
  static override args = controlArgs
  static override flags = controlFlags('resume')

  async run(): Promise<ControlOutcome> {
    return this.control('resume', false, {})
  }
}
