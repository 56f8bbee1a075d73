import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {outputFlag} from '../../lib/command/flags.js'
import type {DefinitionKind} from '../../lib/definitions/load.js'
import type {RegisterResult} from '../../lib/definitions/register.js'
import type {VersionPolicy} from '../../lib/definitions/versioning.js'

export default class WorkflowRegister extends BaseCommand<typeof WorkflowRegister> {
  static override summary =
    'Register workflow (and task) definitions from files: validated first, only what changed is sent.'
  static override description = `Validates every input first: any error means nothing is sent. Then compares each definition with the server's copy and sends only new and changed ones, task definitions before the workflows that use them and sub-workflows before their parents, through the bulk endpoints. Running it again sends nothing.

Versions: by default a definition overwrites the server's copy of the same name and version. With --bump (--version-policy bump) each workflow is compared with the LATEST server version of its name: equal, nothing is sent; different, it is registered as latest+1 (the version in the file is not used); a new name keeps its written version (or 1). Each version is created with a request the server refuses when it exists, so two runs at once never both claim one: the second becomes the next version, or unchanged if it holds the same content. The table shows the version written. Writing a version that is not the latest warns. --version-policy fail-if-changed registers nothing, exit 5, if any definition differs from the server copy of its version.

A batch whose answer was lost (reset, timeout, 5xx) is reported unknown: it may have been applied; running the command again converges (docs/interruptions.md).

Fields are sent as written (less $schema, and nulls on model fields, which the server would store as 0/false); unknown fields are named in a warning because the server drops them.`
  static override examples = [
    '<%= config.bin %> workflow register ./defs',
    '<%= config.bin %> workflow register ./defs --dry-run',
    '<%= config.bin %> workflow register ./defs --bump',
    '<%= config.bin %> workflow register ./defs --version-policy fail-if-changed',
    '<%= config.bin %> --profile prod workflow register "defs/**/*.yaml" --json',
  ]
  static override strict = false
  static override args = {paths: Args.string({description: 'Files, folders, globs, or - for stdin.', required: true})}
  static override flags = {
    ...outputFlag,
    'dry-run': Flags.boolean({summary: 'Show what would be created or updated; send nothing that writes.'}),
    strict: Flags.boolean({summary: 'Treat validation warnings as errors.'}),
    'version-policy': Flags.string({
      summary:
        'When a workflow version exists on the server: overwrite it, register changes as a new version (bump), or refuse if any differs.',
      options: ['overwrite', 'bump', 'fail-if-changed'],
      default: 'overwrite',
    }),
    bump: Flags.boolean({
      summary: 'Register each changed workflow as latest+1 (same as --version-policy bump); unchanged ones stay.',
      exclusive: ['version-policy'],
    }),
  }
  /** Kinds this command registers: `workflow register` also registers the task definitions it finds. */
  static kinds: DefinitionKind[] = ['workflow', 'task']

  async run(): Promise<RegisterResult[]> {
    const {validateAndRegister} = await import('../../lib/command/register-definitions.js')
    const results = await validateAndRegister(
      {json: this.jsonEnabled(), client: () => this.client()},
      this.positionals,
      (this.ctor as typeof WorkflowRegister).kinds,
      {
        strict: this.flags.strict,
        dryRun: this.flags['dry-run'],
        versionPolicy: this.flags.bump ? 'bump' : (this.flags['version-policy'] as VersionPolicy),
      },
    )
    for (const r of results) if (r.warning && !this.jsonEnabled()) this.logToStderr(`Warning: ${r.warning}`)
    const {REGISTER_COLUMNS, registerNotes, registerEnding} = await import('../../lib/definitions/register-report.js')
    await this.renderList(results, REGISTER_COLUMNS)
    for (const line of registerNotes(results, this.flags['dry-run'])) this.note(line)
    const ending = registerEnding(results)
    if (ending) throw ending
    return results
  }
}
