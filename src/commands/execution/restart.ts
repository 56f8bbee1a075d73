import {Args, Flags} from '@oclif/core'
import {ControlCommand} from '../../lib/command/control-command.js'
import {outputFlag} from '../../lib/command/global-flags.js'
import {CONTROL_HELP, type ControlOutcome} from '../../lib/executions/control-flow.js'

export default class ExecutionRestart extends ControlCommand<typeof ExecutionRestart> {
  static override summary = 'Restart ended executions from the first task, with the same input and id.'
  static override description = [
    'restart applies to workflows that have ended (COMPLETED too): every task is cleared and the workflow runs again.',
    'With --use-latest-definition the latest workflow and task definitions are used; check that the input and variables it',
    'reads still exist, as a changed definition can silently read nulls. Asks for confirmation (--yes to skip).',
    ...CONTROL_HELP,
  ].join('\n')
  static override examples = ['<%= config.bin %> execution restart 3f1c…', '<%= config.bin %> restart --query "workflow=orders and status=TERMINATED and since 1h" --yes', '<%= config.bin %> execution restart 3f1c… 9a2b… --json']
  static override aliases = ['restart']
  static override strict = false
  static override args = {id: Args.string({description: 'Workflow (execution) id; give several to act on each, or `-` to read them from stdin.', required: false})}
  static override flags = {
    ...outputFlag,
    query: Flags.string({summary: 'Restart every execution this search finds (the language of `conductor search`).'}),
    'dry-run': Flags.boolean({summary: 'Print the ids it would restart, and change nothing.'}),
    'use-latest-definition': Flags.boolean({summary: 'Run with the latest version of the workflow and task definitions.'}),
    yes: Flags.boolean({char: 'y', summary: 'Do it without asking (needed when there is no terminal).'}),
  }

  async run(): Promise<ControlOutcome> {
    return this.control('restart', true, {useLatestDefinitions: this.flags['use-latest-definition']})
  }
}
