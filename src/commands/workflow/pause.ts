import {GoControlCommand, goControlArgs, goControlFlags} from '../../lib/command/go-control-command.js'
import type {ControlOutcome} from '../../lib/executions/control-flow.js'

export default class WorkflowPause extends GoControlCommand<typeof WorkflowPause> {
  static override summary = "Pause running workflow executions (the Go CLI's form of `execution pause`)."
  static override description =
    'As in the official Go CLI: one line per execution on stdout ("workflow ID paused successfully"). Failures are reported on stderr and set the exit code (4 not found, 5 wrong state, 9 some failed). More than one id uses the bulk endpoints; `-` reads ids from stdin and --query acts on a search, as in `conductor execution pause`.'
  static override examples = ['<%= config.bin %> workflow pause 3f1c…']
  static override strict = false
  static override args = goControlArgs
  static override flags = {
    ...goControlFlags('pause'),
  }

  async run(): Promise<ControlOutcome> {
    return this.goControl('pause', false, {})
  }
}
