import {Flags} from '@oclif/core'
import {ControlCommand, controlArgs, controlFlags} from '../../lib/command/control-command.js'
import {CONTROL_HELP, type ControlOutcome} from '../../lib/executions/control-flow.js'

export default class ExecutionRestart extends ControlCommand<typeof ExecutionRestart> {
  static override summary = 'Restart ended executions from the first task, with the same input and id.'
  static override description = [
    'restart applies to workflows that have ended (COMPLETED too): every task is cleared and the workflow runs again.',
    'With --use-latest-definition the latest workflow and task definitions are used; check that the input and variables it',
    'reads still exist, as a changed definition can silently read nulls. Asks for confirmation (--yes to skip).',
    ...CONTROL_HELP,
  ].join('\n')
  static override examples = [
    '<%= config.bin %> execution restart 3f1c…',
    '<%= config.bin %> restart --query "workflow=orders and status=TERMINATED and since 1h" --yes',
    '<%= config.bin %> execution restart 3f1c… 9a2b… --json',
  ]
  static override aliases = ['restart']
  static override strict = false
  static override args = controlArgs
  static override flags = {
    ...controlFlags('restart'),
    'use-latest-definition': Flags.boolean({
      summary: 'Run with the latest version of the workflow and task definitions.',
    }),
  }

  async run(): Promise<ControlOutcome> {
    return this.control('restart', true, {useLatestDefinitions: this.flags['use-latest-definition']})
  }
}
