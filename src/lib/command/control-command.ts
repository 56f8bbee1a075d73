import type {Command} from '@oclif/core'
import {RESULT_COLUMNS} from '../executions/control.js'
import {controlExecutions, type ControlOutcome, type ControlRequest} from '../executions/control-flow.js'
import {BaseCommand} from './base-command.js'

/**
 * The execution control commands (pause, resume, retry, restart, terminate, delete): ids as
 * arguments, `-` for stdin or --query, all through one flow; this class only hands it the terminal.
 */
export abstract class ControlCommand<T extends typeof Command> extends BaseCommand<T> {
  protected control(op: ControlRequest['op'], confirmAlways: boolean, settings: ControlRequest['settings']): Promise<ControlOutcome> {
    const flags = this.flags as {query?: string; 'dry-run'?: boolean}
    return controlExecutions(
      {
        client: () => this.client(),
        note: (message) => this.note(message),
        confirm: (question) => this.confirmOrYes(question),
        render: (results) => this.renderList(results, RESULT_COLUMNS),
        write: (text) => void process.stdout.write(text),
        json: this.jsonEnabled(),
        stdin: () => process.stdin,
      },
      {op, argv: this.positionals, query: flags.query, dryRun: flags['dry-run'] ?? false, confirmAlways, settings},
    )
  }
}
