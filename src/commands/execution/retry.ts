import {Flags} from '@oclif/core'
import {ControlCommand, controlArgs, controlFlags} from '../../lib/command/control-command.js'
import {CONTROL_HELP, type ControlOutcome} from '../../lib/executions/control-flow.js'

export default class ExecutionRetry extends ControlCommand<typeof ExecutionRetry> {
  static override summary = 'Retry ended executions from their failed (or cancelled) task, keeping the same id.'
  static override description = [
    'retry applies to FAILED, TIMED_OUT and TERMINATED workflows: the last failed or cancelled tasks are scheduled again and',
    'the completed ones are kept. To start over from the first task use restart; to go back to a chosen task use rerun --from-task.',
    'With --resume-subworkflow-tasks a failed SUB_WORKFLOW task is retried inside the sub-workflow instead of restarting it',
    '(the bulk endpoint cannot do that, so each id is then retried on its own, 4 at once).',
    ...CONTROL_HELP,
  ].join('\n')
  static override examples = [
    '<%= config.bin %> execution retry 3f1c…',
    '<%= config.bin %> search "status=FAILED and workflow=orders" --all --ids | <%= config.bin %> retry - --yes',
    '<%= config.bin %> retry --query "status=FAILED and workflow=orders and since 24h" --dry-run',
    '<%= config.bin %> execution retry 3f1c… 9a2b… --json',
  ]
  static override aliases = ['retry']
  static override strict = false
  static override args = controlArgs
  static override flags = {
    ...controlFlags('retry'),
    'resume-subworkflow-tasks': Flags.boolean({
      summary: 'Retry a failed sub-workflow from its own failed task, not from its start.',
    }),
  }

  async run(): Promise<ControlOutcome> {
    return this.control('retry', false, {resumeSubworkflowTasks: this.flags['resume-subworkflow-tasks']})
  }
}
