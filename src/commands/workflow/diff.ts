import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import type {DiffEntry} from '../../lib/definitions/diff-files.js'
import type {DefinitionKind} from '../../lib/definitions/load.js'

export type {DiffEntry}

export default class WorkflowDiff extends BaseCommand<typeof WorkflowDiff> {
  static override summary = 'Show what registering these files would change on the server.'
  static override description = `Compares each definition in the files with the server's copy, both normalised: defaults the server fills in and audit fields are not differences. Exit codes, as git diff --exit-code: 0 no differences, 1 differences, others for errors (see the README).`
  static override examples = [
    '<%= config.bin %> workflow diff ./defs',
    '<%= config.bin %> workflow diff ./defs --all --json',
    '<%= config.bin %> --profile prod workflow diff defs/orders.yaml --name-only',
  ]
  static override strict = false
  static override args = {paths: Args.string({description: 'Files, folders, globs, or - for stdin.', required: true})}
  static override flags = {
    all: Flags.boolean({summary: 'Also list definitions that exist only on the server.'}),
    'name-only': Flags.boolean({summary: 'List changed definitions and their JSON paths, without the text diff.'}),
  }
  /** Which definitions this command compares: `workflow diff` includes the task definitions found. */
  static kinds: DefinitionKind[] = ['workflow', 'task']

  async run(): Promise<{differences: number; entries: DiffEntry[]}> {
    const {diffFiles, diffText, diffCounts} = await import('../../lib/definitions/diff-files.js')
    const kinds = (this.ctor as typeof WorkflowDiff).kinds
    const {differences, entries, comparisons} = await diffFiles(this.positionals, {
      kinds,
      all: this.flags.all,
      stdin: process.stdin,
      connect: () => this.client(),
    })
    if (!this.jsonEnabled()) {
      const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR
      for (const line of await diffText(comparisons, {nameOnly: this.flags['name-only'], colour})) this.log(line)
      this.logToStderr(diffCounts(comparisons, this.flags.all))
    }
    if (differences > 0)
      throw new CliError('differences', `${differences} definition(s) differ from the server`, {
        result: {differences, entries},
        quiet: true,
      })
    return {differences, entries}
  }
}
