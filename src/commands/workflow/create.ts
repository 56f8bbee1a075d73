import {Args, Flags} from '@oclif/core'
import type {DefinitionKind} from '../../lib/definitions/load.js'
import type {RegisterResult} from '../../lib/definitions/register.js'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'

export default class WorkflowCreate extends BaseCommand<typeof WorkflowCreate> {
  static override summary = 'Create (register) a workflow definition from a JSON or YAML file or stdin (as the Go CLI).'
  static override description = [
    'Prints "Workflow \'NAME\' version N registered successfully". The definition is validated first (errors: exit 3,',
    'nothing sent). If that name and version already exist with different content it refuses (exit 5) unless --force,',
    'which overwrites; the same content again is a success with nothing sent. `workflow register` does this for many files.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> workflow create workflow.json',
    '<%= config.bin %> workflow create workflow.json --force',
    'cat workflow.json | <%= config.bin %> workflow create',
  ]
  static override strict = false
  static override args = {
    file: Args.string({description: 'Definition file (JSON or YAML); stdin when omitted.', ignoreStdin: true}),
  }
  static override flags = {
    force: Flags.boolean({summary: 'Overwrite the server copy of the same name and version.'}),
    js: Flags.boolean({summary: "Not supported (the Go CLI's experimental JavaScript definitions).", hidden: true}),
  }
  static kinds: DefinitionKind[] = ['workflow']
  /** create refuses a changed version unless --force; update always overwrites. */
  protected overwrite(flags: {force?: boolean}): boolean {
    return flags.force === true
  }

  async run(): Promise<RegisterResult[]> {
    const {flags} = this
    if (flags.js)
      throw new CliError('usage', '--js (JavaScript workflow definitions) is not supported', {
        hint: 'Write the definition as JSON or YAML (`conductor workflow get NAME` prints one to start from).',
      })
    if (this.positionals.length === 0 && process.stdin.isTTY)
      throw new CliError('usage', 'Missing the definition file', {
        hint: `${this.id?.replace(':', ' ')} FILE, or pipe it in`,
      })
    const overwrite = this.overwrite(flags)
    const {validateAndRegister} = await import('../../lib/command/register-definitions.js')
    const io = {json: this.jsonEnabled(), client: () => this.client()}
    const files = this.positionals.length > 0 ? this.positionals : ['-']
    const results = await validateAndRegister(io, files, WorkflowCreate.kinds, {
      strict: false,
      dryRun: false,
      versionPolicy: overwrite ? 'overwrite' : 'fail-if-changed',
    }).catch((error: unknown) => {
      if (error instanceof CliError && error.kind === 'conflict')
        throw new CliError('conflict', error.message, {hint: 'Add --force to overwrite it.', result: error.result})
      throw error
    })
    const failed = results.filter((r) => r.action === 'failed')
    for (const r of results) if (r.action !== 'failed') this.report(r)
    if (failed.length > 0)
      throw new CliError('partial', failed.map((r) => `${r.name}: ${r.error ?? 'failed'}`).join('; '), {
        result: results,
      })
    return results
  }

  protected report(r: RegisterResult): void {
    this.log(`Workflow '${r.name}' version ${r.version ?? 1} registered successfully`)
  }
}
