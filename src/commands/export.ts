import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../lib/command/base-command.js'
import type {ExportFormat, ExportKind, ExportReport} from '../lib/definitions/export.js'

const DRY_RUN_LABELS: Record<string, string> = {
  created: 'would create',
  updated: 'would update',
  pruned: 'would remove',
}

export default class Export extends BaseCommand<typeof Export> {
  static override summary =
    'Export workflow and task definitions, schedules and event handlers from the server to files, one per definition.'
  static override description = `Writes workflows/NAME.vN.json, tasks/NAME.json, schedules/NAME.json and event-handlers/NAME.json (or .yaml) under DIR: the server's copy less the fields the server sets (createTime, updateTime, createdBy, updatedBy, ownerApp; a schedule's updatedTime and nextRunTime), keys sorted. A file is written only when its bytes change, atomically, so exporting an unchanged server again writes nothing. Names with characters a file system cannot take are percent-encoded (%2F for /). Names too long for a file name are cut and end in ~ and a hash. Files of definitions no longer on the server are listed as stale and kept, unless --prune removes them: --prune removes only files export wrote (recorded in DIR/.conductor-export.json) and not edited since; others are reported kept. Temporary files left by an interrupted export are removed. The folder applies as it is: \`conductor apply DIR\`.`
  static override examples = [
    '<%= config.bin %> export ./defs',
    '<%= config.bin %> export ./defs --name "order*" --format yaml',
    '<%= config.bin %> --profile prod export ./prod-defs --all-versions --prune --json',
  ]
  static override args = {dir: Args.string({description: 'Folder to write into (created if missing).', default: '.'})}
  static override flags = {
    name: Flags.string({summary: 'Only names matching this pattern (* and ? wildcards, case-insensitive).'}),
    kind: Flags.string({
      summary: 'Only one kind of definition.',
      options: ['workflow', 'task', 'schedule', 'event-handler'],
    }),
    'latest-only': Flags.boolean({
      summary: 'The latest version of each workflow (the default).',
      exclusive: ['all-versions'],
    }),
    'all-versions': Flags.boolean({summary: 'Every version of each workflow.'}),
    format: Flags.string({summary: 'File format.', options: ['json', 'yaml'], default: 'json'}),
    prune: Flags.boolean({
      summary: 'Remove files of definitions (matching the filters) that are no longer on the server.',
    }),
    'dry-run': Flags.boolean({summary: 'Report what would be written or removed; change no file.'}),
  }

  async run(): Promise<ExportReport> {
    const {exportDefinitions} = await import('../lib/definitions/export.js')
    const {wildcard} = await import('../lib/text.js')
    const kinds = new Set<ExportKind>(
      this.flags.kind ? [this.flags.kind as ExportKind] : ['workflow', 'task', 'schedule', 'event-handler'],
    )
    const report = await exportDefinitions(await this.client(), {
      dir: this.args.dir,
      format: this.flags.format as ExportFormat,
      kinds,
      name: this.flags.name ? wildcard(this.flags.name) : undefined,
      allVersions: this.flags['all-versions'],
      prune: this.flags.prune,
      dryRun: this.flags['dry-run'],
    })
    const shown = report.files.filter((f) => f.action !== 'unchanged')
    if (shown.length > 0)
      await this.renderList(
        shown,
        [
          {header: 'Action', get: (f) => (this.flags['dry-run'] ? (DRY_RUN_LABELS[f.action] ?? f.action) : f.action)},
          {header: 'File', get: (f) => f.file},
          {header: 'Reason', get: (f) => f.reason ?? ''},
        ],
        'table',
      )
    const s = report.summary
    const parts = [`${s.written} written (${s.created} new, ${s.updated} updated)`, `${s.unchanged} unchanged`]
    if (s.pruned > 0) parts.push(`${s.pruned} removed`)
    if (s.stale > 0) parts.push(`${s.stale} no longer on the server (kept; --prune removes them)`)
    if (s.kept > 0) parts.push(`${s.kept} not on the server but kept (export did not write them, or they were edited)`)
    if (s.failed > 0) parts.push(`${s.failed} failed`)
    if (report.removedTemporary.length > 0)
      parts.push(`${report.removedTemporary.length} temporary file(s) of an interrupted export removed`)
    this.note(`${parts.join(', ')} in ${report.dir}${this.flags['dry-run'] ? ' (dry run: no file was changed)' : ''}`)
    if (s.failed > 0) {
      const {CliError} = await import('../lib/errors.js')
      throw new CliError('partial', `${s.failed} definition(s) could not be written`, {result: report, quiet: true})
    }
    return report
  }
}
