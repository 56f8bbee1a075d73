import {Flags} from '@oclif/core'
import {GoControlCommand, goControlArgs, goControlFlags} from '../../lib/command/go-control-command.js'
import type {ControlOutcome} from '../../lib/executions/control-flow.js'

export default class WorkflowRetry extends GoControlCommand<typeof WorkflowRetry> {
  static override summary =
    "Retry the last failed task of workflow executions (the Go CLI's form of `execution retry`)."
  static override description =
    'As in the official Go CLI: one line per execution on stdout ("workflow ID retry initiated successfully"). Failures are reported on stderr and set the exit code (4 not found, 5 wrong state, 9 some failed). More than one id uses the bulk endpoints; `-` reads ids from stdin and --query acts on a search, as in `conductor execution retry`.'
  static override examples = ['<%= config.bin %> workflow retry 3f1c…']
  static override strict = false
  static override args = goControlArgs
  static override flags = {
    ...goControlFlags('retry'),
    'resume-subworkflow-tasks': Flags.boolean({summary: 'Retry a failed sub-workflow from its own failed task.'}),
  }

  async run(): Promise<ControlOutcome> {
    return this.goControl('retry', false, {resumeSubworkflowTasks: this.flags['resume-subworkflow-tasks']})
  }
}
