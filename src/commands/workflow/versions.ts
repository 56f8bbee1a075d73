import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {outputFlag} from '../../lib/command/flags.js'
import {CliError} from '../../lib/errors.js'

interface Row {
  name: string
  version: number
  latest: boolean
  created: string
  updated: string
}

export default class WorkflowVersions extends BaseCommand<typeof WorkflowVersions> {
  static override summary = 'List the versions of a workflow definition with their times.'
  static override examples = ['<%= config.bin %> workflow versions greetings']
  static override args = {name: Args.string({description: 'Workflow name.', required: true})}
  static override flags = {...outputFlag}

  async run(): Promise<Row[]> {
    const {workflowVersionsWithTimes} = await import('../../lib/definitions/metadata.js')
    const {formatTime} = await import('../../lib/text.js')
    const versions = await workflowVersionsWithTimes(await this.client(), this.args.name)
    if (versions.length === 0) throw new CliError('notFound', `Workflow definition ${this.args.name} does not exist`)
    const latest = Math.max(...versions.map((v) => v.version))
    const rows = versions.map((v) => ({
      name: v.name,
      version: v.version,
      latest: v.version === latest,
      created: formatTime(v.createTime),
      updated: formatTime(v.updateTime),
    }))
    await this.renderList(rows, [
      {header: 'Version', get: (r) => r.version},
      {header: 'Latest', get: (r) => (r.latest ? 'yes' : '')},
      {header: 'Created', get: (r) => r.created || '–'},
      {header: 'Updated', get: (r) => r.updated},
    ])
    return rows
  }
}
