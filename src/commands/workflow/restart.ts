import {Flags} from '@oclif/core'
import {GoControlCommand, goControlArgs, goControlFlags} from '../../lib/command/go-control-command.js'
import type {ControlOutcome} from '../../lib/executions/control-flow.js'

export default class WorkflowRestart extends GoControlCommand<typeof WorkflowRestart> {
  static override summary =
    "Restart ended workflow executions from the first task (the Go CLI's form of `execution restart`)."
  static override description =
    'As in the official Go CLI: one line per execution on stdout ("workflow ID restarted successfully"). Failures are reported on stderr and set the exit code (4 not found, 5 wrong state, 9 some failed). More than one id uses the bulk endpoints; `-` reads ids from stdin and --query acts on a search, as in `conductor execution restart`.'
  static override examples = [
    '<%= config.bin %> workflow restart 3f1c…',
    '<%= config.bin %> workflow restart --use-latest 3f1c…',
  ]
  static override strict = false
  static override args = goControlArgs
  static override flags = {
    ...goControlFlags('restart'),
    'use-latest': Flags.boolean({summary: 'Use the latest workflow definition when restarting.'}),
  }

  async run(): Promise<ControlOutcome> {
    return this.goControl('restart', false, {useLatestDefinitions: this.flags['use-latest']})
  }
}
