import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {outputFlag} from '../../lib/command/flags.js'
import type {ServerTaskDef} from '../../lib/definitions/metadata.js'
import type {Column} from '../../lib/output/formats.js'

type Row = ServerTaskDef & {ownerEmail: string; description: string}

const text = (value: unknown) => (typeof value === 'string' ? value : '')

/** The Go CLI's columns and headers (a script reading either CLI's table finds the same ones). */
const COLUMNS: Column<Row>[] = [
  {header: 'NAME', get: (r) => r.name},
  {header: 'EXECUTABLE', get: (r) => (text(r.executionNameSpace) || text(r.ownerApp) ? 'yes' : 'no')},
  {header: 'DESCRIPTION', get: (r) => r.description},
  {header: 'OWNER', get: (r) => r.ownerEmail},
  {header: 'TIMEOUT POLICY', get: (r) => text(r.timeoutPolicy)},
  {header: 'TIMEOUT (s)', get: (r) => r.timeoutSeconds ?? 0},
  {header: 'RETRY COUNT', get: (r) => r.retryCount ?? 0},
  {header: 'RESPONSE TIMEOUT (s)', get: (r) => r.responseTimeoutSeconds ?? 0},
]

export default class TaskList extends BaseCommand<typeof TaskList> {
  static override summary = 'List task definitions.'
  static override description =
    "The table has the Go CLI's columns; --json (or -o json) prints the whole definitions, --csv (or -o csv) the columns as CSV."
  static override examples = [
    '<%= config.bin %> task list',
    '<%= config.bin %> task list --name "email_*" -o csv',
    '<%= config.bin %> task list --json',
  ]
  static override flags = {
    ...outputFlag,
    name: Flags.string({summary: 'Only names matching this pattern (* and ? wildcards, case-insensitive).'}),
    csv: Flags.boolean({summary: 'Output as CSV (same as -o csv).', exclusive: ['json']}),
  }

  async run(): Promise<Row[]> {
    const {listTaskDefs} = await import('../../lib/definitions/metadata.js')
    const {wildcard} = await import('../../lib/text.js')
    const match = this.flags.name ? wildcard(this.flags.name) : undefined
    const rows = (await listTaskDefs(await this.client()))
      .filter((d) => !match || match.test(d.name))
      .map((d) => ({...d, ownerEmail: text(d.ownerEmail), description: text(d.description)}))
      .sort((a, b) => a.name.localeCompare(b.name))
    await this.renderList(rows, COLUMNS, this.flags.csv ? 'csv' : undefined, {exactHeaders: true})
    return rows
  }
}
