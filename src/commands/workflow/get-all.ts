import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {ServerWorkflowDef} from '../../lib/definitions/metadata.js'
import {usageError} from '../../lib/errors.js'

export default class WorkflowGetAll extends BaseCommand<typeof WorkflowGetAll> {
  static override summary = 'Print every workflow definition (every version) as one JSON array (as the Go CLI).'
  static override description =
    'With REGEX only the definitions whose name matches it (anywhere in the name, as the Go CLI; anchor it with ^...$). The output is always valid JSON (the Go CLI printed stray commas with a filter). To write definitions to files use `conductor export`.'
  static override examples = [
    '<%= config.bin %> workflow get-all > all-workflows.json',
    '<%= config.bin %> workflow get-all "^order_" | jq -r ".[].name"',
  ]
  static override hiddenAliases = ['workflow:get_all']
  static override args = {
    regex: Args.string({description: 'Only names matching this regular expression.', ignoreStdin: true}),
  }

  async run(): Promise<ServerWorkflowDef[]> {
    const {listWorkflows} = await import('../../lib/definitions/metadata.js')
    let pattern: RegExp | undefined
    try {
      pattern = this.args.regex === undefined ? undefined : new RegExp(this.args.regex)
    } catch (error) {
      throw usageError(`Invalid regular expression ${this.args.regex}: ${(error as Error).message}`)
    }
    const defs = (await listWorkflows(await this.client(), {allVersions: true})).filter(
      (d) => !pattern || pattern.test(d.name),
    )
    await this.renderDocument(defs, 'json')
    return defs
  }
}
