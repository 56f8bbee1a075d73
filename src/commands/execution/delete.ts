import {Flags} from '@oclif/core'
import {ControlCommand, controlArgs, controlFlags} from '../../lib/command/control-command.js'
import {CONTROL_HELP, type ControlOutcome} from '../../lib/executions/control-flow.js'

export default class ExecutionDelete extends ControlCommand<typeof ExecutionDelete> {
  static override summary = 'Delete executions and their task data from the server.'
  static override description = [
    'By default any execution can be deleted, even a running one. With --archive it is archived instead of dropped, which the',
    'server allows only for ended workflows. Asks for confirmation (--yes to skip).',
    ...CONTROL_HELP,
  ].join('\n')
  static override examples = [
    '<%= config.bin %> execution delete 3f1c…',
    '<%= config.bin %> execution delete --query "workflow=orders and status=COMPLETED and before 30d" --yes',
    '<%= config.bin %> execution delete 3f1c… 9a2b… --json',
  ]
  static override strict = false
  static override args = controlArgs
  static override flags = {
    ...controlFlags('delete'),
    archive: Flags.boolean({summary: 'Archive the execution (ended workflows only) instead of dropping it.'}),
  }

  async run(): Promise<ControlOutcome> {
    return this.control('delete', true, {archive: this.flags.archive})
  }
}
