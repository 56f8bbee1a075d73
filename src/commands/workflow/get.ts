import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import type {ServerWorkflowDef} from '../../lib/definitions/metadata.js'

export default class WorkflowGet extends BaseCommand<typeof WorkflowGet> {
  static override summary = 'Print a workflow definition as the server stores it.'
  static override examples = [
    '<%= config.bin %> workflow get greetings',
    '<%= config.bin %> workflow get greetings --version 2 -o yaml > greetings.yaml',
    '<%= config.bin %> workflow get greetings 2',
  ]
  static override args = {
    name: Args.string({description: 'Workflow name.', required: true}),
    version: Args.integer({description: 'Version (or --version; default: the latest).', ignoreStdin: true}),
  }
  static override flags = {
    version: Flags.integer({summary: 'Version (default: the latest).'}),
    output: Flags.string({char: 'o', summary: 'Output format.', options: ['json', 'yaml'], default: 'json'}),
  }

  async run(): Promise<ServerWorkflowDef> {
    const {getWorkflow} = await import('../../lib/definitions/metadata.js')
    const {version: argVersion} = this.args
    if (argVersion !== undefined && this.flags.version !== undefined && argVersion !== this.flags.version)
      throw new CliError('usage', `Two different versions given: ${argVersion} and --version ${this.flags.version}`)
    const def = await getWorkflow(await this.client(), this.args.name, argVersion ?? this.flags.version)
    await this.renderDocument(def, this.flags.output as 'json' | 'yaml')
    return def
  }
}
