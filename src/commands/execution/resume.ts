import {Args, Flags} from '@oclif/core'
import {ControlCommand} from '../../lib/command/control-command.js'
import {outputFlag} from '../../lib/command/global-flags.js'
import {CONTROL_HELP, type ControlOutcome} from '../../lib/executions/control-flow.js'

export default class ExecutionResume extends ControlCommand<typeof ExecutionResume> {
  static override summary = 'Resume paused executions.'
  static override description = [
    'Only a PAUSED workflow can be resumed; for an ended one use retry (from the failed task) or restart (from the start).',
    ...CONTROL_HELP,
  ].join('\n')
  static override examples = ['<%= config.bin %> execution resume 3f1c…', '<%= config.bin %> resume --query "workflow=orders and status=PAUSED" --yes', '<%= config.bin %> execution resume 3f1c… 9a2b… --json']
  static override aliases = ['resume']
  static override strict = false
  static override args = {id: Args.string({description: 'Workflow (execution) id; give several to act on each, or `-` to read them from stdin.', required: false})}
  static override flags = {
    ...outputFlag,
    query: Flags.string({summary: 'Resume every execution this search finds (the language of `conductor search`).'}),
    'dry-run': Flags.boolean({summary: 'Print the ids it would resume, and change nothing.'}),
    yes: Flags.boolean({char: 'y', summary: 'Do it without asking (needed without a terminal; for pause, resume and retry only with several ids from stdin or --query).'}),
  }

  async run(): Promise<ControlOutcome> {
    return this.control('resume', false, {})
  }
}
