import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {outputFlag} from '../../lib/command/flags.js'

interface Row {
  name: string
  version: number
  description: string
  tasks: number
  ownerEmail: string
  updated: string
}

export default class WorkflowList extends BaseCommand<typeof WorkflowList> {
  static override summary = 'List workflow definitions (latest version of each, or every version).'
  static override examples = [
    '<%= config.bin %> workflow list',
    '<%= config.bin %> workflow list --name "order*" -o json',
    '<%= config.bin %> workflow list --all-versions',
    '<%= config.bin %> workflow list --csv',
  ]
  static override flags = {
    ...outputFlag,
    name: Flags.string({summary: 'Only names matching this pattern (* and ? wildcards, case-insensitive).'}),
    'all-versions': Flags.boolean({summary: 'One row per version instead of the latest only.'}),
    csv: Flags.boolean({
      summary: "The Go CLI's CSV: NAME,VERSION,DESCRIPTION, one row per version.",
      exclusive: ['output', 'json'],
    }),
  }

  async run(): Promise<Row[]> {
    const {listWorkflows} = await import('../../lib/definitions/metadata.js')
    const {wildcard, formatTime} = await import('../../lib/text.js')
    const match = this.flags.name ? wildcard(this.flags.name) : undefined
    const csv = this.flags.csv
    const defs = await listWorkflows(await this.client(), {allVersions: this.flags['all-versions'] || csv})
    const rows = defs
      .filter((d) => !match || match.test(d.name))
      .map((d) => ({
        name: d.name,
        version: d.version,
        description: typeof d.description === 'string' ? d.description : '',
        tasks: Array.isArray(d.tasks) ? d.tasks.length : 0,
        ownerEmail: typeof d.ownerEmail === 'string' ? d.ownerEmail : '',
        updated: formatTime(d.updateTime) || formatTime(d.createTime),
      }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version)
    if (csv) {
      await this.renderList(
        rows,
        [
          {header: 'NAME', get: (r) => r.name},
          {header: 'VERSION', get: (r) => r.version},
          {header: 'DESCRIPTION', get: (r) => r.description},
        ],
        'csv',
      )
      return rows
    }
    await this.renderList(rows, [
      {header: 'Name', get: (r) => r.name},
      {header: 'Version', get: (r) => r.version},
      {header: 'Tasks', get: (r) => r.tasks},
      {header: 'Updated', get: (r) => r.updated},
      {header: 'Description', get: (r) => r.description},
    ])
    return rows
  }
}
