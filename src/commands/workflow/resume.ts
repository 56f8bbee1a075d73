import {GoControlCommand, goControlArgs, goControlFlags} from '../../lib/command/go-control-command.js'
import type {ControlOutcome} from '../../lib/executions/control-flow.js'

export default class WorkflowResume extends GoControlCommand<typeof WorkflowResume> {
  static override summary = "Resume paused workflow executions (the Go CLI's form of `execution resume`)."
  static override description =
    'As in the official Go CLI: one line per execution on stdout ("workflow ID resumed successfully"). Failures are reported on stderr and set the exit code (4 not found, 5 wrong state, 9 some failed). More than one id uses the bulk endpoints; `-` reads ids from stdin and --query acts on a search, as in `conductor execution resume`.'
  static override examples = ['<%= config.bin %> workflow resume 3f1c…']
  static override strict = false
  static override args = goControlArgs
  static override flags = {
    ...goControlFlags('resume'),
  }

  async run(): Promise<ControlOutcome> {
    return this.goControl('resume', false, {})
  }
}
