import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {outputFlag} from '../../lib/command/flags.js'

interface Row {
  name: string
  retryCount: unknown
  timeoutSeconds: unknown
  responseTimeoutSeconds: unknown
  ownerEmail: string
  description: string
}

export default class TaskList extends BaseCommand<typeof TaskList> {
  static override summary = 'List task definitions.'
  static override examples = ['<%= config.bin %> task list', '<%= config.bin %> task list --name "email_*" -o csv']
  static override flags = {
    ...outputFlag,
    name: Flags.string({summary: 'Only names matching this pattern (* and ? wildcards, case-insensitive).'}),
  }

  async run(): Promise<Row[]> {
    const {listTaskDefs} = await import('../../lib/definitions/metadata.js')
    const {wildcard} = await import('../../lib/text.js')
    const match = this.flags.name ? wildcard(this.flags.name) : undefined
    const rows = (await listTaskDefs(await this.client()))
      .filter((d) => !match || match.test(d.name))
      .map((d) => ({
        name: d.name,
        retryCount: d.retryCount,
        timeoutSeconds: d.timeoutSeconds,
        responseTimeoutSeconds: d.responseTimeoutSeconds,
        ownerEmail: typeof d.ownerEmail === 'string' ? d.ownerEmail : '',
        description: typeof d.description === 'string' ? d.description : '',
      }))
      .sort((a, b) => a.name.localeCompare(b.name))
    await this.renderList(rows, [
      {header: 'Name', get: (r) => r.name},
      {header: 'Retries', get: (r) => r.retryCount},
      {header: 'Timeout (s)', get: (r) => r.timeoutSeconds},
      {header: 'Response timeout (s)', get: (r) => r.responseTimeoutSeconds},
      {header: 'Description', get: (r) => r.description},
    ])
    return rows
  }
}
