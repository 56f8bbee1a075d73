import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import type {ServerTaskDef} from '../../lib/definitions/metadata.js'

export default class TaskGetAll extends BaseCommand<typeof TaskGetAll> {
  static override summary = 'Print every task definition as one JSON array, optionally only names matching a regex.'
  static override description =
    "The Go CLI's `task get-all` (also `get_all`). Unlike it, the output is always valid JSON (it prints objects without commas between them)."
  static override aliases = ['task:get_all']
  static override examples = ['<%= config.bin %> task get-all', '<%= config.bin %> task get-all "^email_"']
  static override args = {regex: Args.string({description: 'Only names this regular expression matches (unanchored).'})}

  async run(): Promise<ServerTaskDef[]> {
    const {listTaskDefs} = await import('../../lib/definitions/metadata.js')
    let regex: RegExp | undefined
    try {
      regex = this.args.regex === undefined ? undefined : new RegExp(this.args.regex)
    } catch (error) {
      throw new CliError('usage', `Invalid regular expression "${this.args.regex}": ${(error as Error).message}`)
    }
    const defs = (await listTaskDefs(await this.client())).filter((d) => !regex || regex.test(d.name))
    await this.renderDocument(defs, 'json')
    return defs
  }
}
