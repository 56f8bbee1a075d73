import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {ConfigReport, SettingRow} from '../../lib/config/show.js'
import {OUTPUT_FORMATS, type Column, type OutputFormat} from '../../lib/output/formats.js'

export default class ConfigShow extends BaseCommand<typeof ConfigShow> {
  static override summary = 'Show the settings in effect and where each one comes from (secrets masked).'
  static override description =
    'Prints "Source: FILE" (or "environment variables", "built-in defaults") and the KEY/VALUE/SOURCE table the Go CLI prints. -o table|csv|yaml|jsonl lists the settings with full origins; --json has both (`settings` and the Go CLI\'s `file`/`values`).'
  static override examples = ['<%= config.bin %> config show', '<%= config.bin %> --profile prod config show --json']
  static override flags = {
    output: Flags.string({char: 'o', summary: 'Output format.', options: [...OUTPUT_FORMATS]}),
    'show-secrets': Flags.boolean({summary: 'Print secrets in clear (for copying to another machine).'}),
  }

  async run(): Promise<ConfigReport> {
    const config = await this.settings()
    const {configReport, sourceLine} = await import('../../lib/config/show.js')
    const report = configReport(config, this.flags['show-secrets'])
    if (config.profileExists) {
      const {isReadableByOthers} = await import('../../lib/fs-atomic.js')
      if (await isReadableByOthers(config.profileFile))
        this.warn(`${config.profileFile} is readable by other users; run: chmod 600 ${config.profileFile}`)
    }
    if (this.flags.output) {
      await this.renderList(report.settings, columns(['Key', 'Value', 'Source']), this.flags.output as OutputFormat)
    } else if (!this.jsonEnabled()) {
      this.log(sourceLine(config, report.file))
      this.log('')
      const values = report.values.map((v) => ({...v, value: v.value || '-'}))
      await this.renderList(values, columns(['KEY', 'VALUE', 'SOURCE']), 'table', {exactHeaders: true})
    }
    return report
  }
}

const columns = ([key, value, source]: [string, string, string]): Column<SettingRow>[] => [
  {header: key, get: (r) => r.key},
  {header: value, get: (r) => r.value},
  {header: source, get: (r) => r.source},
]
