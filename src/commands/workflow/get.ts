import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {ServerWorkflowDef} from '../../lib/definitions/metadata.js'

export default class WorkflowGet extends BaseCommand<typeof WorkflowGet> {
  static override summary = 'Print a workflow definition as the server stores it.'
  static override examples = [
    '<%= config.bin %> workflow get greetings',
    '<%= config.bin %> workflow get greetings --version 2 -o yaml > greetings.yaml',
  ]
  static override args = {name: Args.string({description: 'Workflow name.', required: true})}
  static override flags = {
    version: Flags.integer({summary: 'Version (default: the latest).'}),
    output: Flags.string({char: 'o', summary: 'Output format.', options: ['json', 'yaml'], default: 'json'}),
  }

  async run(): Promise<ServerWorkflowDef> {
    const {getWorkflow} = await import('../../lib/definitions/metadata.js')
    const def = await getWorkflow(await this.client(), this.args.name, this.flags.version)
    await this.renderDocument(def, this.flags.output as 'json' | 'yaml')
    return def
  }
}
