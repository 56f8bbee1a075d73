import {Args, type Command, Flags} from '@oclif/core'
import {RESULT_COLUMNS} from '../executions/control.js'
import {controlExecutions, type ControlOutcome, type ControlRequest} from '../executions/control-flow.js'
import {BaseCommand} from './base-command.js'
import type {Spinner} from '../output/streams.js'
import {outputFlag} from './flags.js'

/** The ids every control command takes. */
export const controlArgs = {
  id: Args.string({
    description: 'Workflow (execution) id; give several to act on each, or `-` to read them from stdin.',
    required: false,
  }),
}

/** The flags every control command has (`-y/--yes` is global). */
export function controlFlags(verb: string) {
  const Verb = verb.charAt(0).toUpperCase() + verb.slice(1)
  return {
    ...outputFlag,
    query: Flags.string({summary: `${Verb} every execution this search finds (the language of \`conductor search\`).`}),
    'dry-run': Flags.boolean({summary: `Print the ids it would ${verb}, and change nothing.`}),
  }
}

/**
 * The execution control commands (pause, resume, retry, restart, terminate, delete): ids as
 * arguments, `-` for stdin or --query, all through one flow; this class only hands it the terminal.
 */
export abstract class ControlCommand<T extends typeof Command> extends BaseCommand<T> {
  protected control(
    op: ControlRequest['op'],
    confirmAlways: boolean,
    settings: ControlRequest['settings'],
  ): Promise<ControlOutcome> {
    const flags = this.flags as {query?: string; 'dry-run'?: boolean}
    return controlExecutions(
      {
        client: () => this.client(),
        note: (message) => this.note(message),
        confirm: (question) => this.confirmOrYes(question),
        render: (results) => this.renderList(results, RESULT_COLUMNS),
        write: (text) => void process.stdout.write(text),
        progress: (text) => this.progress(text),
        json: this.jsonEnabled(),
        stdin: () => process.stdin,
      },
      {op, argv: this.positionals, query: flags.query, dryRun: flags['dry-run'] ?? false, confirmAlways, settings},
    )
  }

  private spinner: Promise<Spinner> | undefined

  /** Bulk progress for people: a spinner on stderr (quiet under --json or off a terminal); undefined ends it. */
  protected progress(text: string | undefined): void {
    if (text === undefined) return void this.spinner?.then((s) => s.stop())
    if (!this.spinner)
      this.spinner = import('../output/streams.js').then(({startSpinner, stderrIsInteractive}) =>
        startSpinner(text, {quiet: this.jsonEnabled() || !stderrIsInteractive()}),
      )
    else void this.spinner.then((s) => s.update(text))
  }
}
