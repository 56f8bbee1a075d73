import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../lib/command/base-command.js'
import {outputFlag} from '../lib/command/flags.js'
import {CliError} from '../lib/errors.js'
import type {OutputFormat} from '../lib/output/formats.js'
import type {BackendInfo} from '../lib/search/backend.js'
import type {CompiledSearch} from '../lib/search/compile.js'
import type {Explanation} from '../lib/search/explain.js'
import type {Group, GroupBy} from '../lib/search/group.js'
import type {Page} from '../lib/search/page.js'
import type {Summary} from '../lib/search/types.js'

const DEFAULT_LIMIT = 20
/** A table needs every row before it prints; past this, ask for a streaming format. */
const TABLE_MAX = 10_000

export default class Search extends BaseCommand<typeof Search> {
  static override summary =
    'Search executions (or tasks) with a readable query; page through all of them; group failures.'
  static override description = [
    'QUERY is clauses joined by "and" (any case): FIELD=VALUE, FIELD in (A, B), FIELD>TIME, FIELD<TIME (also >= <=),',
    'and "since TIME" / "after TIME" / "before TIME" on the start time. Values may be quoted; * in an = value is a wildcard.',
    '',
    'Workflow fields: status, workflow (workflowType, type, name), version (filtered by the CLI), correlationId,',
    '  id (workflowId), parentWorkflowId (parent), classifier, startTime, endTime, updateTime, text (free text).',
    'Task fields (--tasks): status, task (taskDefName, name), type (taskType), id (taskId), workflow (workflowType),',
    '  startTime, endTime, updateTime, text.',
    'Times: 48h, -2d, now-1h30m, "2 days", today, yesterday, 2026-11-01, 2026-11-01T10:00 (UTC unless a zone is given), epoch ms.',
    '',
    'There is no OR and no negation (the server has neither). Unknown fields and operators are refused before anything is',
    "sent. --explain prints the query, freeText and sort sent to the server, and the SQL that the server's index builds (SQLite or Postgres, asked of the server). --all reads every match in pages and streams",
    'them (-o jsonl, csv, json, yaml, or --ids). --group-by counts failures (in workflow search: FAILED and TIMED_OUT unless the query names',
    'a status) by workflow, failed task, normalised reason or status, and suggests the command for each group.',
  ].join('\n')

  static override examples = [
    '<%= config.bin %> search "status=FAILED and since 48h"',
    '<%= config.bin %> search "workflow=orders and status in (failed, timed_out) and startTime>2026-11-01" --all -o jsonl',
    '<%= config.bin %> search "status=FAILED and workflow=orders" --all --ids | <%= config.bin %> retry - --yes',
    '<%= config.bin %> search "status=FAILED and since 24h" --group-by reason',
    '<%= config.bin %> search --tasks "status=FAILED and task=charge_card" --limit 50',
    '<%= config.bin %> search "workflow=order* and version=3" --text "customer-42" --explain',
  ]

  static override strict = false
  static override args = {
    query: Args.string({
      description: 'The query (quote it); words given without quotes are joined with spaces.',
      required: false,
    }),
  }

  static override flags = {
    ...outputFlag,
    limit: Flags.integer({summary: `Return at most this many matches (default ${DEFAULT_LIMIT}).`, min: 1}),
    all: Flags.boolean({summary: 'Read every match, page by page, streaming them out.'}),
    sort: Flags.string({summary: 'FIELD[:asc|desc], several separated by commas (default startTime:desc).'}),
    ids: Flags.boolean({summary: 'Print only workflow ids, one a line (for pipes).'}),
    tasks: Flags.boolean({summary: 'Search tasks instead of workflow executions.'}),
    text: Flags.string({
      summary: 'Free text: a case-insensitive substring of the stored summary (input, output, reason...).',
    }),
    explain: Flags.boolean({summary: 'Print the request (query, freeText, sort) instead of sending it.'}),
    'group-by': Flags.string({
      summary: 'Count matches per group, most frequent first.',
      options: ['workflow', 'task', 'reason', 'status'],
    }),
    'page-size': Flags.integer({
      summary: 'Rows per request when paging (at most 5000).',
      min: 1,
      max: 5000,
      default: 1000,
    }),
  }

  async run(): Promise<unknown> {
    const [{compileSearch}, {parseQuery}] = await Promise.all([
      import('../lib/search/compile.js'),
      import('../lib/search/parser.js'),
    ])
    if (this.flags.all && this.flags.limit !== undefined)
      throw new CliError('usage', '--all and --limit cannot be used together', {
        hint: '--all reads every match; --limit N stops after N.',
      })
    if (this.flags.ids && this.jsonEnabled())
      throw new CliError('usage', '--ids and --json cannot be used together', {
        hint: '--ids prints one id a line; --json prints the rows as one JSON document (each has its workflowId).',
      })
    if (this.flags.ids && this.flags['group-by'])
      throw new CliError('usage', '--ids and --group-by cannot be used together', {
        hint: 'Group first, then list a group with the suggested command and --ids.',
      })
    const kind = this.flags.tasks ? 'task' : 'workflow'
    const by = this.flags['group-by'] as GroupBy | undefined
    let source = this.positionals.join(' ').trim()
    if (
      by &&
      kind === 'workflow' &&
      !parseQuery(source).some((c) => c.kind !== 'range' && /^(status|state)$/i.test(c.field))
    ) {
      source = source ? `${source} and status in (FAILED, TIMED_OUT)` : 'status in (FAILED, TIMED_OUT)'
      this.note(`Grouping failed executions: ${source}`)
    }
    const {compileForServer} = await import('../lib/search/backend.js')
    const options = {kind, text: this.flags.text, sort: this.flags.sort, now: Date.now()} as const
    compileSearch(source, options) // a malformed query is refused before anything is sent
    const {search, backend} = await compileForServer(await this.client(), source, options)
    const all = this.flags.all || Boolean(by && this.flags.limit === undefined)
    const limit = all ? undefined : (this.flags.limit ?? DEFAULT_LIMIT)
    const pageSize = Math.min(this.flags['page-size'], limit ?? Infinity)
    if (this.flags.explain) return this.explain(search, pageSize, all, backend)
    if (by) return this.group(search, source, by, limit)
    return this.list(search, limit)
  }

  private async explain(
    search: CompiledSearch,
    size: number,
    all: boolean,
    backend: BackendInfo,
  ): Promise<Explanation> {
    const {explainSearch, explanationLines} = await import('../lib/search/explain.js')
    const explanation = explainSearch(search, size, all, backend)
    if (!this.jsonEnabled()) process.stdout.write(explanationLines(explanation).join('\n') + '\n')
    return explanation
  }

  private async pages(search: CompiledSearch, limit: number | undefined): Promise<AsyncGenerator<Page<Summary>>> {
    const {runSearch} = await import('../lib/search/service.js')
    return runSearch(await this.client(), search, {limit, pageSize: this.flags['page-size']})
  }

  private async list(search: CompiledSearch, limit: number | undefined): Promise<Summary[] | undefined> {
    const format = (this.jsonEnabled() ? 'json' : this.flags.output) as OutputFormat
    const {startSpinner, stderrIsInteractive} = await import('../lib/output/streams.js')
    const spinner = await startSpinner('Searching…', {quiet: !stderrIsInteractive() || limit !== undefined})
    let read = 0
    let totalHits = 0
    try {
      const pages = await this.pages(search, limit)
      if (this.flags.ids) {
        // Task search prints each workflow id once per run of rows (bounded: the ids of the last page).
        let recent = new Set<string>()
        for await (const page of pages) {
          totalHits = page.totalHits
          const ids = page.rows.map((r) =>
            search.kind === 'workflow' ? (r as {workflowId: string}).workflowId : String(r.workflowId ?? ''),
          )
          const out = [...new Set(ids)].filter((id) => id && !recent.has(id))
          recent = new Set(ids)
          read += page.rows.length
          if (out.length > 0) process.stdout.write(out.join('\n') + '\n')
          spinner.update(`Read ${read} of ${totalHits}…`)
        }
        spinner.stop()
        this.truncationNote(read, totalHits, limit, search)
        return undefined
      }
      const {csvColumns, dropEmptyColumns, tableColumns, fitLastColumn} = await import('../lib/search/rows.js')
      const now = Date.now()
      if (format === 'table' || (format === 'json' && this.jsonEnabled() && limit !== undefined)) {
        const rows: Summary[] = []
        for await (const page of pages) {
          totalHits = page.totalHits
          if (limit === undefined && page.requests === 1 && totalHits > TABLE_MAX && !search.clientFilters.length)
            throw new CliError('usage', `${totalHits} matches are too many for a table`, {
              hint: 'Stream them with -o jsonl (or csv, or --ids), or narrow the query, or use --limit.',
            })
          rows.push(...page.rows)
          if (rows.length > TABLE_MAX)
            throw new CliError('usage', `More than ${TABLE_MAX} matches are too many for a table`, {
              hint: 'Stream them with -o jsonl (or csv, or --ids).',
            })
          spinner.update(`Read ${rows.length} of ${totalHits}…`)
        }
        spinner.stop()
        if (this.jsonEnabled()) return rows
        const tty = Boolean(process.stdout.isTTY)
        const columns = tableColumns(search.kind, now)
        await this.renderList(
          rows,
          tty ? fitLastColumn(rows, dropEmptyColumns(rows, columns), process.stdout.columns) : columns,
          'table',
        )
        this.truncationNote(rows.length, totalHits, limit, search)
        await this.showLinks(rows)
        return rows
      }
      const {pageFormatter} = await import('../lib/search/emit.js')
      const formatter = pageFormatter(format as 'json' | 'jsonl' | 'yaml' | 'csv', csvColumns(search.kind, now))
      for await (const page of pages) {
        totalHits = page.totalHits
        read += page.rows.length
        const text = await formatter.page(page.rows)
        if (text) process.stdout.write(text)
        spinner.update(`Read ${read} of ${totalHits}…`)
      }
      process.stdout.write(formatter.end())
      spinner.stop()
      this.truncationNote(read, totalHits, limit, search)
      return undefined
    } finally {
      spinner.stop()
    }
  }

  /** Says so on stderr when the default limit cut the list short, so a pipe never acts on part of it unknowingly. */
  private truncationNote(shown: number, totalHits: number, limit: number | undefined, search: CompiledSearch): void {
    if (limit === undefined || shown < limit) return
    if (search.clientFilters.length === 0 && totalHits <= shown) return
    const of = search.clientFilters.length === 0 ? ` of ${totalHits}` : ''
    this.note(`Showing the first ${shown}${of} matches; use --limit N or --all for more.`)
  }

  private async group(
    search: CompiledSearch,
    source: string,
    by: GroupBy,
    limit: number | undefined,
  ): Promise<Group[]> {
    const [{Grouper, withNextCommands, onlyStatuses, RETRYABLE}, {startSpinner, stderrIsInteractive}] =
      await Promise.all([import('../lib/search/group.js'), import('../lib/output/streams.js')])
    const grouper = new Grouper(by, search.kind)
    const spinner = await startSpinner('Reading matches…', {quiet: !stderrIsInteractive()})
    try {
      for await (const page of await this.pages(search, limit)) {
        for (const row of page.rows) grouper.add(row)
        spinner.update(`Read ${grouper.total} of ${page.totalHits}…`)
      }
    } finally {
      spinner.stop()
    }
    const retry = search.kind === 'workflow' && onlyStatuses(search.query, RETRYABLE)
    const groups = withNextCommands(grouper.groups(), source, by, {kind: search.kind, retry})
    const header = {
      workflow: 'Workflow',
      task: search.kind === 'task' ? 'Task' : 'Failed task',
      reason: 'Reason',
      status: 'Status',
    }[by]
    // the group last: on a terminal a long reason is shortened to fit
    const {fitLastColumn} = await import('../lib/search/rows.js')
    const columns = [
      {header: 'Count', get: (g: Group) => g.count},
      {header: 'Sample ID', get: (g: Group) => g.sample},
      {header: 'Last start', get: (g: Group) => g.lastStart.replace('T', ' ').replace(/\.\d+Z$/, 'Z')},
      {header, get: (g: Group) => g.key},
    ]
    const table = this.flags.output === 'table' && !this.jsonEnabled()
    await this.renderList(
      groups,
      table && process.stdout.isTTY ? fitLastColumn(groups, columns, process.stdout.columns) : columns,
    )
    if (table) {
      this.note(`${grouper.total} ${search.kind === 'workflow' ? 'executions' : 'tasks'} in ${groups.length} groups.`)
      const nexts = groups.filter((g) => g.next).slice(0, 5)
      if (nexts.length > 0) this.note(['Next:', ...nexts.map((g) => `  ${g.next}`)].join('\n'))
      if (nexts.some((g) => g.next?.includes(' --text ')))
        this.note('(--text matches a substring anywhere in the stored summary: look at the list before acting on it.)')
    }
    return groups
  }

  /** On a terminal: where the first few executions found are in the server's UI. */
  private async showLinks(rows: Summary[]): Promise<void> {
    const {executionLink} = await import('../lib/ui/links.js')
    const ids = [...new Set(rows.map((r) => ('workflowId' in r ? r.workflowId : undefined)))].filter(
      (id): id is string => typeof id === 'string',
    )
    for (const id of ids.slice(0, 5)) await this.showLink(executionLink, id)
    if (ids.length > 5) await this.showLink((base) => `${base}/executions`)
  }
}
