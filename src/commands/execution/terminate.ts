import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {outputFlag} from '../../lib/command/global-flags.js'
import {RESULT_COLUMNS} from '../../lib/executions/control.js'
import {CONTROL_HELP, controlExecutions, type ControlIo, type ControlOutcome} from '../../lib/executions/control-flow.js'

export default class ExecutionTerminate extends BaseCommand<typeof ExecutionTerminate> {
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
    const settings = {reason: this.flags.reason}
    return controlExecutions(this.io(), {op: 'terminate', argv: this.positionals, query: this.flags.query, dryRun: this.flags['dry-run'], confirmAlways: true, settings})
  }

  private io(): ControlIo {
    return {
      client: () => this.client(),
      note: (message) => this.note(message),
      confirm: (question) => this.confirmOrYes(question),
      render: (results) => this.renderList(results, RESULT_COLUMNS),
      write: (text) => void process.stdout.write(text),
      json: this.jsonEnabled(),
      stdin: () => process.stdin,
    }
  }
}
