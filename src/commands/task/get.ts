import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {ServerTaskDef} from '../../lib/definitions/metadata.js'

export default class TaskGet extends BaseCommand<typeof TaskGet> {
  static override summary = 'Print a task definition as the server stores it.'
  static override examples = ['<%= config.bin %> task get send_email -o yaml']
  static override args = {name: Args.string({description: 'Task definition name.', required: true})}
  static override flags = {
    output: Flags.string({char: 'o', summary: 'Output format.', options: ['json', 'yaml'], default: 'json'}),
  }

  async run(): Promise<ServerTaskDef> {
    const {getTaskDef} = await import('../../lib/definitions/metadata.js')
    const def = await getTaskDef(await this.client(), this.args.name)
    await this.renderDocument(def, this.flags.output as 'json' | 'yaml')
    return def
  }
}
