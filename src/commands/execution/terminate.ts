import {Args, Flags} from '@oclif/core'
import {ControlCommand} from '../../lib/command/control-command.js'
import {outputFlag} from '../../lib/command/global-flags.js'
import {CONTROL_HELP, type ControlOutcome} from '../../lib/executions/control-flow.js'

export default class ExecutionTerminate extends ControlCommand<typeof ExecutionTerminate> {
  static override summary = 'Terminate executions: the status becomes TERMINATED and pending tasks are cancelled.'
  static override description = [
    'Applies to RUNNING and PAUSED workflows (a FAILED or TIMED_OUT one becomes TERMINATED; a COMPLETED one is refused).',
    'The definition\'s failureWorkflow is not started by a manual terminate on Conductor OSS. Asks for confirmation (--yes to skip).',
    ...CONTROL_HELP,
  ].join('\n')
  static override examples = ['<%= config.bin %> execution terminate 3f1c…', '<%= config.bin %> terminate --query "workflow=orders and status=RUNNING and before 2h" --reason stuck --yes', '<%= config.bin %> execution terminate 3f1c… 9a2b… --json']
  static override aliases = ['terminate']
  static override strict = false
  static override args = {id: Args.string({description: 'Workflow (execution) id; give several to act on each, or `-` to read them from stdin.', required: false})}
  static override flags = {
    ...outputFlag,
    query: Flags.string({summary: 'Terminate every execution this search finds (the language of `conductor search`).'}),
    'dry-run': Flags.boolean({summary: 'Print the ids it would terminate, and change nothing.'}),
    reason: Flags.string({summary: 'Reason recorded on the execution (reasonForIncompletion).'}),
    yes: Flags.boolean({char: 'y', summary: 'Do it without asking (needed when there is no terminal).'}),
  }

  async run(): Promise<ControlOutcome> {
    return this.control('terminate', true, {reason: this.flags.reason})
  }
}
