import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import type {Comparison} from '../../lib/definitions/compare.js'
import type {DefinitionKind} from '../../lib/definitions/load.js'
import {formatProblem} from '../../lib/definitions/problems.js'

export interface DiffEntry {
  kind: DefinitionKind
  name: string
  version: number | undefined
  status: Comparison['status']
  file: string | undefined
  changedPaths: string[]
}

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
    const {loadDefinitions} = await import('../../lib/definitions/load.js')
    const {compareWithServer} = await import('../../lib/definitions/compare.js')
    const {ServerState} = await import('../../lib/definitions/server-state.js')
    const kinds = (this.ctor as typeof WorkflowDiff).kinds
    // the server's copies are fetched while the files are read
    const server = new ServerState(() => this.client())
    const loaded = await loadDefinitions(this.positionals, {
      stdin: process.stdin,
      ...(kinds.length === 1 ? {only: kinds[0]} : {}),
      onDefinition: (kind) => kinds.includes(kind) && server.prefetch(kind),
    })
    // schedules and event handlers are `conductor plan`/`apply`'s business
    loaded.definitions = loaded.definitions.filter((d) => kinds.includes(d.kind))
    const errors = loaded.problems.filter((p) => p.severity === 'error')
    if (errors.length > 0) {
      const first = errors[0]!
      throw new CliError(
        'invalid',
        `${formatProblem(first)}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
        {
          hint: 'Run `conductor workflow validate` on the same paths for the full report.',
        },
      )
    }
    const present = new Set(loaded.definitions.map((d) => d.kind))
    const state = await server.get(this.flags.all ? new Set(kinds) : present)
    const comparisons = await compareWithServer(loaded.definitions, state, {includeServerOnly: this.flags.all})
    const entries = comparisons.map((c) => ({
      kind: c.kind,
      name: c.name,
      version: c.version,
      status: c.status,
      file: c.definition?.file,
      changedPaths: c.changedPaths,
    }))
    const differences = comparisons.filter((c) => c.status !== 'unchanged').length
    if (!this.jsonEnabled()) await this.print(comparisons)
    if (differences > 0)
      throw new CliError('differences', `${differences} definition(s) differ from the server`, {
        result: {differences, entries},
        quiet: true,
      })
    return {differences, entries}
  }

  private async print(comparisons: Comparison[]): Promise<void> {
    const {renderDiff} = await import('../../lib/definitions/diff-render.js')
    const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR
    for (const c of comparisons) {
      const label = `${c.kind} ${c.name}${c.kind === 'workflow' ? ` v${c.version ?? 1}` : ''}`
      if (c.status === 'unchanged') continue
      if (c.status === 'new') this.log(`new:            ${label} (${c.definition?.file})`)
      else if (c.status === 'only-on-server') this.log(`only on server: ${label}`)
      else {
        this.log(`changed:        ${label} (${c.definition?.file})`)
        for (const path of c.changedPaths) this.log(`    ${path}`)
        if (!this.flags['name-only']) this.log((await renderDiff(c, {colour})).replace(/\n$/, ''))
      }
    }
    const counts = {new: 0, changed: 0, unchanged: 0, 'only-on-server': 0}
    for (const c of comparisons) counts[c.status]++
    this.logToStderr(
      `${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged${this.flags.all ? `, ${counts['only-on-server']} only on server` : ''}`,
    )
  }
}
