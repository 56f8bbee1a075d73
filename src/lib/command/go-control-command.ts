import {Args, type Command, Flags} from '@oclif/core'
import type {BulkOperation, BulkSettings} from '../executions/bulk.js'
import {controlExecutions, type ControlOutcome} from '../executions/control-flow.js'
import {CliError} from '../errors.js'
import {goFailureLine, goSuccessLine} from '../go-compat/workflow.js'
import {ControlCommand} from './control-command.js'

/** The ids of the Go CLI's `workflow terminate|pause|resume|restart|retry|delete-execution`. */
export const goControlArgs = {
  workflow_id: Args.string({
    description: 'Workflow (execution) ids; `-` reads them from stdin.',
    required: false,
    ignoreStdin: true,
  }),
}

export function goControlFlags(verb: string) {
  return {
    query: Flags.string({summary: `${verb} every execution this search finds (the language of \`conductor search\`).`}),
    'dry-run': Flags.boolean({summary: `Print the ids it would ${verb.toLowerCase()}, and change nothing.`}),
  }
}

/**
 * The Go CLI's execution control commands over the same flow as `execution pause` & co. (ids, `-`,
 * --query, bulk endpoints): its success line per id on stdout, a line per failure on stderr, and an
 * exit code that says whether everything worked (the Go CLI exits 0 after a failure).
 */
export abstract class GoControlCommand<T extends typeof Command> extends ControlCommand<T> {
  protected async goControl(
    op: BulkOperation,
    confirmAlways: boolean,
    settings: BulkSettings,
  ): Promise<ControlOutcome> {
    const flags = this.flags as {query?: string; 'dry-run'?: boolean}
    try {
      return await controlExecutions(
        {
          client: () => this.client(),
          note: (message) => this.note(message),
          confirm: (question) => this.confirmOrYes(question),
          render: async (results) => {
            if (this.jsonEnabled()) return
            for (const r of results)
              if (r.ok) this.log(goSuccessLine(op, r.id))
              else this.logToStderr(goFailureLine(op, r.id, r.message))
          },
          write: (text) => void process.stdout.write(text),
          progress: (text) => this.progress(text),
          json: this.jsonEnabled(),
          stdin: () => process.stdin,
        },
        {op, argv: this.positionals, query: flags.query, dryRun: flags['dry-run'] ?? false, confirmAlways, settings},
      )
    } catch (error) {
      // each failure already has its line
      if (error instanceof CliError && Array.isArray(error.result))
        throw new CliError(error.kind, error.message, {hint: error.hint, result: error.result, quiet: true})
      throw error
    }
  }
}
