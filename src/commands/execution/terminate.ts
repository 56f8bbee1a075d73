import {Flags} from '@oclif/core'
import {ControlCommand, controlArgs, controlFlags} from '../../lib/command/control-command.js'
import {CliError} from '../../lib/errors.js'
import {CONTROL_HELP, type ControlOutcome} from '../../lib/executions/control-flow.js'

export default class ExecutionTerminate extends ControlCommand<typeof ExecutionTerminate> {
  static override summary = 'Terminate executions: the status becomes TERMINATED and pending tasks are cancelled.'
  static override description = [
    'Applies to RUNNING and PAUSED workflows (a FAILED or TIMED_OUT one becomes TERMINATED; a COMPLETED one is refused).',
    "--trigger-failure-workflow also starts the definition's failureWorkflow (Orkes Conductor). Conductor OSS has no such option",
    '(it ignores the parameter and a manual terminate never starts the failure workflow), so there it is refused before anything',
    'is terminated. Asks for confirmation (--yes to skip).',
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
    'trigger-failure-workflow': Flags.boolean({
      summary: "Also start the definition's failureWorkflow (Orkes Conductor; refused on Conductor OSS).",
    }),
  }

  async run(): Promise<ControlOutcome> {
    const trigger = this.flags['trigger-failure-workflow']
    if (trigger && !this.flags['dry-run']) {
      const {detectFlavour} = await import('../../lib/client/system.js')
      if ((await detectFlavour(await this.client())) === 'oss')
        throw new CliError(
          'usage',
          '--trigger-failure-workflow: this server is Conductor OSS, which cannot start the failure workflow on a terminate; nothing was terminated',
          {
            hint: 'Terminate without it, then start the failure workflow yourself: `conductor run FAILURE_WORKFLOW --input workflowId=ID`.',
          },
        )
    }
    return this.control('terminate', true, {reason: this.flags.reason, triggerFailureWorkflow: trigger})
  }
}
