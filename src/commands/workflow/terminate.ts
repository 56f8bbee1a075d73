import {Flags} from '@oclif/core'
import {GoControlCommand, goControlArgs, goControlFlags} from '../../lib/command/go-control-command.js'
import type {ControlOutcome} from '../../lib/executions/control-flow.js'

export default class WorkflowTerminate extends GoControlCommand<typeof WorkflowTerminate> {
  static override summary = "Terminate running workflow executions (the Go CLI's form of `execution terminate`)."
  static override description =
    'As in the official Go CLI: one line per execution on stdout (the id itself). Failures are reported on stderr and set the exit code (4 not found, 5 wrong state, 9 some failed). More than one id uses the bulk endpoints; `-` reads ids from stdin and --query acts on a search, as in `conductor execution terminate`.'
  static override examples = [
    '<%= config.bin %> workflow terminate 3f1c…',
    '<%= config.bin %> workflow terminate 3f1c… 9a2b… --reason stuck',
  ]
  static override strict = false
  static override args = goControlArgs
  static override flags = {
    ...goControlFlags('terminate'),
    reason: Flags.string({summary: 'Reason recorded on the execution (reasonForIncompletion).'}),
  }

  async run(): Promise<ControlOutcome> {
    return this.goControl('terminate', false, {reason: this.flags.reason})
  }
}
