import {Flags} from '@oclif/core'
import {ControlCommand, controlArgs, controlFlags} from '../../lib/command/control-command.js'
import {CONTROL_HELP, type ControlOutcome} from '../../lib/executions/control-flow.js'

export default class ExecutionTerminate extends ControlCommand<typeof ExecutionTerminate> {
  static override summary = 'Terminate executions: the status becomes TERMINATED and pending tasks are cancelled.'
  static override description = [
    'Applies to RUNNING and PAUSED workflows (a FAILED or TIMED_OUT one becomes TERMINATED; a COMPLETED one is refused).',
    "The definition's failureWorkflow is not started by a manual terminate on Conductor OSS. Asks for confirmation (--yes to skip).",
    ...CONTROL_HELP,
  ].join('\n')
  static override examples = [
    '<%= config.bin %> execution terminate 3f1c…',
    '<%= config.bin %> terminate --query "workflow=orders and status=RUNNING and before 2h" --reason stuck --yes',
    '<%= config.bin %> execution terminate 3f1c… 9a2b… --json',
  ]
  static override aliases = ['terminate']
  static override strict = false
  static override args = controlArgs
  static override flags = {
    ...controlFlags('terminate'),
    reason: Flags.string({summary: 'Reason recorded on the execution (reasonForIncompletion).'}),
  }

  async run(): Promise<ControlOutcome> {
    return this.control('terminate', true, {reason: this.flags.reason})
  }
}
