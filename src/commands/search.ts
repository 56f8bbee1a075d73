import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../lib/command/base-command.js'
import {outputFlag} from '../lib/command/flags.js'
import type {OutputFormat} from '../lib/output/formats.js'
import type {Group, GroupBy} from '../lib/search/group.js'
import {DEFAULT_LIMIT, type SearchRequest} from '../lib/search/request.js'
import type {Progress} from '../lib/search/collect.js'
import type {StreamFormat} from '../lib/search/emit.js'
import type {Page} from '../lib/search/page.js'
import type {Summary} from '../lib/search/types.js'

type Pages = AsyncIterable<Page<Summary>>
/** The spinner, seen through what the readers need of it. */
type Watch = {update: Progress; stop: () => void}

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
    const {searchRequest, explainRequest, requestPages} = await import('../lib/search/request.js')
    const request = await searchRequest(
      {
        words: this.positionals,
        tasks: this.flags.tasks,
        all: this.flags.all,
        ids: this.flags.ids,
        json: this.jsonEnabled(),
        limit: this.flags.limit,
        text: this.flags.text,
        sort: this.flags.sort,
        groupBy: this.flags['group-by'] as GroupBy | undefined,
        pageSize: this.flags['page-size'],
        explain: this.flags.explain,
      },
      () => this.client(),
      (m) => this.note(m),
    )
    if (this.flags.explain) {
      const [explanation, {explanationLines}] = await Promise.all([
        explainRequest(request),
        import('../lib/search/explain.js'),
      ])
      if (!this.jsonEnabled()) process.stdout.write(explanationLines(explanation).join('\n') + '\n')
      return explanation
    }
    const {startSpinner, stderrIsInteractive} = await import('../lib/output/streams.js')
    const quiet = !stderrIsInteractive() || (!request.by && request.limit !== undefined)
    const spinner = await startSpinner(request.by ? 'Reading matches…' : 'Searching…', {quiet})
    const progress = {
      update: (read: number, total: number) => spinner.update(`Read ${read} of ${total}…`),
      stop: () => spinner.stop(),
    }
    try {
      const pages = await requestPages(await this.client(), request)
      return await (request.by ? this.group(pages, request, progress) : this.list(pages, request, progress))
    } finally {
      spinner.stop()
    }
  }

  private async list(pages: Pages, {search, limit}: SearchRequest, progress: Watch): Promise<Summary[] | undefined> {
    const [collect, rows] = await Promise.all([import('../lib/search/collect.js'), import('../lib/search/rows.js')])
    const format = (this.jsonEnabled() ? 'json' : this.flags.output) as OutputFormat
    const write = (text: string) => void process.stdout.write(text)
    let read: {read: number; totalHits: number}
    if (this.flags.ids)
      read = await collect.collectIds(pages, search.kind, (ids) => write(ids.join('\n') + '\n'), progress.update)
    else if (format === 'table' || (format === 'json' && this.jsonEnabled() && limit !== undefined)) {
      const found = await collect.collectRows(pages, search, limit, progress.update)
      progress.stop()
      if (this.jsonEnabled()) return found.rows
      const columns = rows.tableColumns(search.kind, Date.now())
      const fitted = rows.fitLastColumn(found.rows, rows.dropEmptyColumns(found.rows, columns), process.stdout.columns)
      await this.renderList(found.rows, process.stdout.isTTY ? fitted : columns, 'table')
      this.noteMaybe(collect.truncationNote(found.rows.length, found.totalHits, limit, search))
      const {executionLink} = await import('../lib/ui/links.js')
      const ids = collect.workflowIds(found.rows)
      for (const id of ids.slice(0, 5)) await this.showLink(executionLink, id)
      if (ids.length > 5) await this.showLink((base) => `${base}/executions`)
      return found.rows
    } else {
      const {pageFormatter} = await import('../lib/search/emit.js')
      const formatter = pageFormatter(format as StreamFormat, rows.csvColumns(search.kind, Date.now()))
      read = await collect.streamRows(pages, formatter, write, progress.update)
    }
    progress.stop()
    this.noteMaybe(collect.truncationNote(read.read, read.totalHits, limit, search))
    return undefined
  }

  private async group(pages: Pages, {search, source, by}: SearchRequest, progress: Watch): Promise<Group[]> {
    const [{groupMatches, groupColumns, groupNotes}, {fitLastColumn}] = await Promise.all([
      import('../lib/search/group-report.js'),
      import('../lib/search/rows.js'),
    ])
    const {groups, total} = await groupMatches(pages, search, source, by as GroupBy, progress.update)
    progress.stop()
    const columns = groupColumns(by as GroupBy, search.kind)
    const table = this.flags.output === 'table' && !this.jsonEnabled()
    await this.renderList(
      groups,
      table && process.stdout.isTTY ? fitLastColumn(groups, columns, process.stdout.columns) : columns,
    )
    if (table) for (const line of groupNotes(groups, total, search.kind)) this.note(line)
    return groups
  }

  private noteMaybe(message: string | undefined): void {
    if (message) this.note(message)
  }
}
