import {Flags} from '@oclif/core'
import {GoControlCommand, goControlArgs, goControlFlags} from '../../lib/command/go-control-command.js'
import type {ControlOutcome} from '../../lib/executions/control-flow.js'

export default class WorkflowDeleteExecution extends GoControlCommand<typeof WorkflowDeleteExecution> {
  static override summary = "Delete workflow executions (the Go CLI's form of `execution delete`); asks unless -y."
  static override description =
    'As in the official Go CLI: one line per execution on stdout ("workflow execution ID deleted successfully"). Failures are reported on stderr and set the exit code (4 not found, 5 wrong state, 9 some failed). More than one id uses the bulk endpoints; `-` reads ids from stdin and --query acts on a search, as in `conductor execution delete`.'
  static override examples = [
    '<%= config.bin %> workflow delete-execution 3f1c… -y',
    '<%= config.bin %> workflow delete-execution --archive 3f1c… -y',
  ]
  static override strict = false
  static override args = goControlArgs
  static override flags = {
    ...goControlFlags('delete'),
    archive: Flags.boolean({char: 'a', summary: 'Archive the execution instead of removing it completely.'}),
  }

  async run(): Promise<ControlOutcome> {
    return this.goControl('delete', true, {archive: this.flags.archive})
  }
}
