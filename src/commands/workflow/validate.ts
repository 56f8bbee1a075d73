import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import type {DefinitionKind} from '../../lib/definitions/load.js'
import type {ValidationReport} from '../../lib/definitions/report.js'

export default class WorkflowValidate extends BaseCommand<typeof WorkflowValidate> {
  static override summary =
    'Check workflow (and task) definition files offline: JSON Schema plus the rules the server enforces.'
  static override description = `Reads JSON or YAML files (one definition, a JSON array, or several YAML documents), folders (recursively) and globs, or - for stdin. Reports each problem as file:line:column. Exits 0 when there is no error (warnings allowed unless --strict), 3 otherwise. No server is contacted.`
  static override examples = [
    '<%= config.bin %> workflow validate ./workflows',
    '<%= config.bin %> workflow validate "defs/**/*.yaml" --strict',
    'cat order.json | <%= config.bin %> workflow validate -',
    '<%= config.bin %> workflow validate defs --format github',
    '<%= config.bin %> workflow validate defs --json',
  ]
  static override strict = false
  static override args = {paths: Args.string({description: 'Files, folders, globs, or - for stdin.', required: true})}
  static override flags = {
    strict: Flags.boolean({summary: 'Fail on warnings too.'}),
    format: Flags.string({
      summary: 'Report format: text (default) or github (GitHub Actions annotations).',
      options: ['text', 'github'],
      default: 'text',
    }),
  }
  /** Which definitions this command checks: what `workflow register` would send (a mixed folder is fine). */
  static kinds: DefinitionKind[] = ['workflow', 'task']

  async run(): Promise<ValidationReport> {
    const {validateInputs, formatHuman, formatGithub} = await import('../../lib/definitions/report.js')
    const report = await validateInputs(this.positionals, {
      ...onlyKind((this.ctor as typeof WorkflowValidate).kinds),
      stdin: process.stdin,
    })
    if (!this.jsonEnabled())
      process.stdout.write(this.flags.format === 'github' ? formatGithub(report) : formatHuman(report))
    const {errors, warnings} = report.summary
    const failing = errors + (this.flags.strict ? warnings : 0)
    if (failing > 0) {
      const files = new Set(
        report.problems.filter((p) => p.severity === 'error' || this.flags.strict).map((p) => p.file),
      ).size
      const what =
        this.flags.strict && warnings > 0
          ? `${plural(errors, 'error')} and ${plural(warnings, 'warning')} (--strict)`
          : plural(errors, 'error')
      throw new CliError('invalid', `${what} in ${plural(files, 'file')}`, {result: report})
    }
    return report
  }
}

const onlyKind = (kinds: DefinitionKind[]) => (kinds.length === 1 ? {only: kinds[0] as DefinitionKind} : {})
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
