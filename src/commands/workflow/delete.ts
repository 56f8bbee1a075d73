import {Args} from '@oclif/core'
import {versionFlag} from '../../lib/command/flags.js'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'

interface Deleted {
  name: string
  version: number
  wasLatest?: boolean
  newLatest?: number | undefined
}

export default class WorkflowDelete extends BaseCommand<typeof WorkflowDelete> {
  static override summary = 'Delete one version of a workflow definition (the rollback path).'
  static override description =
    'Deleting the latest version makes the previous one the latest: new runs without --version use it. Running executions are not affected.'
  static override examples = [
    '<%= config.bin %> workflow delete greetings 3 --yes',
    '<%= config.bin %> workflow delete greetings --version 3 --yes',
    'printf "greetings 1\\ngreetings 2\\n" | <%= config.bin %> workflow delete',
  ]
  static override args = {
    name: Args.string({
      description: 'Workflow name; without it, "NAME VERSION" lines are read from stdin.',
      ignoreStdin: true,
    }),
    version: Args.integer({description: 'Version to delete (or --version).', ignoreStdin: true}),
  }
  static override flags = {...versionFlag('Version to delete (the same as the VERSION argument).')}

  async run(): Promise<Deleted | Deleted[]> {
    const {workflowVersions, deleteWorkflow} = await import('../../lib/definitions/metadata.js')
    const {name} = this.args
    if (name === undefined) return this.fromStdin()
    const client = await this.client()
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
    this.log(`Workflow '${name}' version ${version} deleted successfully`)
    return {name, version, wasLatest: version === latest, newLatest}
  }

  /**
   * The Go CLI's piped form: "NAME VERSION" per line, all checked before anything is deleted. Piped
   * lines are an explicit list, so (as there) no --yes is needed; each deletion gets its line.
   */
  private async fromStdin(): Promise<Deleted[]> {
    if (process.stdin.isTTY)
      throw new CliError('usage', 'Missing the workflow name', {
        hint: 'conductor workflow delete NAME VERSION, or pipe "NAME VERSION" lines in.',
      })
    const {text} = await import('node:stream/consumers')
    const {parseDeleteLines} = await import('../../lib/go-compat/workflow.js')
    const targets = parseDeleteLines(await text(process.stdin))
    if (targets.length === 0) throw new CliError('usage', 'No "NAME VERSION" lines on stdin')
    this.note(`Deleting ${targets.length} workflow definition version(s) read from stdin.`)
    const {deleteEach} = await import('../../lib/go-compat/workflow.js')
    return deleteEach(await this.client(), targets, (d) =>
      this.log(`Workflow '${d.name}' version ${d.version} deleted successfully`),
    )
  }
}
