import {Args} from '@oclif/core'
import {versionFlag} from '../../lib/command/flags.js'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'

export default class WorkflowDelete extends BaseCommand<typeof WorkflowDelete> {
  static override summary = 'Delete one version of a workflow definition (the rollback path).'
  static override description =
    'Deleting the latest version makes the previous one the latest: new runs without --version use it. Running executions are not affected.'
  static override examples = [
    '<%= config.bin %> workflow delete greetings 3 --yes',
    '<%= config.bin %> workflow delete greetings --version 3 --yes',
  ]
  static override args = {
    name: Args.string({description: 'Workflow name.', required: true}),
    version: Args.integer({description: 'Version to delete (or --version).'}),
  }
  static override flags = {...versionFlag('Version to delete (the same as the VERSION argument).')}

  async run(): Promise<{name: string; version: number; wasLatest: boolean; newLatest: number | undefined}> {
    const {workflowVersions, deleteWorkflow} = await import('../../lib/definitions/metadata.js')
    const client = await this.client()
    const {name} = this.args
    const version = this.args.version ?? this.flags.version
    if (version === undefined)
      throw new CliError('usage', 'Missing the version to delete', {
        hint: `conductor workflow delete ${name} VERSION (or --version N); \`conductor workflow versions ${name}\` lists them.`,
      })
    if (this.args.version !== undefined && this.flags.version !== undefined && this.args.version !== this.flags.version)
      throw new CliError(
        'usage',
        `Two different versions given: ${this.args.version} and --version ${this.flags.version}`,
      )
    const versions = (await workflowVersions(client, name)).map((v) => v.version)
    if (!versions.includes(version))
      throw new CliError('notFound', `Workflow definition ${name} version ${version} does not exist`, {
        hint: versions.length > 0 ? `Existing versions: ${versions.join(', ')}` : 'No version of it exists.',
      })
    const latest = Math.max(...versions)
    const remaining = versions.filter((v) => v !== version)
    const newLatest = remaining.length > 0 ? Math.max(...remaining) : undefined
    if (version === latest)
      this.warn(
        `${name} version ${version} is the latest; ${newLatest === undefined ? 'no version will remain' : `version ${newLatest} becomes the latest`}.`,
      )
    await this.confirmOrYes(`Delete workflow definition ${name} version ${version}?`)
    await deleteWorkflow(client, name, version)
    this.note(`Deleted ${name} version ${version}`)
    return {name, version, wasLatest: version === latest, newLatest}
  }
}
