import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {WorkflowSummary} from '../../lib/search/types.js'

export default class WorkflowSearch extends BaseCommand<typeof WorkflowSearch> {
  static override summary = "Search workflow executions with the Go CLI's flags and table (newest first)."
  static override description = [
    'FREE_TEXT (default *) searches the stored summaries. -w and -s take one value or several separated by commas.',
    'Times: YYYY-MM-DD HH:MM:SS, YYYY-MM-DD, MM/DD/YYYY (UTC) or epoch ms. --json prints {totalHits, results};',
    '--csv the table as CSV. For the query language, paging past -c and grouping, use `conductor search`.',
  ].join('\n')
  static override examples = [
    '<%= config.bin %> workflow search -w my_workflow -s FAILED -c 50 --json',
    '<%= config.bin %> workflow search --workflow my_workflow --start-time-after "2026-12-01 00:00:00" --csv',
  ]
  static override args = {
    free_text: Args.string({description: 'Free text to search for (default *).', ignoreStdin: true}),
  }
  static override flags = {
    count: Flags.integer({char: 'c', summary: 'Number of executions to return.', default: 10, min: 1}),
    status: Flags.string({
      char: 's',
      summary: 'Filter by status: COMPLETED, FAILED, PAUSED, RUNNING, TERMINATED, TIMED_OUT (commas for several).',
    }),
    workflow: Flags.string({char: 'w', summary: 'Filter by workflow name (commas for several).'}),
    'start-time-after': Flags.string({summary: 'Only executions started after this time.'}),
    'start-time-before': Flags.string({summary: 'Only executions started before this time.'}),
    csv: Flags.boolean({summary: 'Output as CSV.', exclusive: ['json']}),
    debug: Flags.boolean({summary: 'Print the request sent to the server on stderr (-v shows the whole exchange).'}),
  }

  async run(): Promise<{totalHits: number; results: WorkflowSummary[]}> {
    const {goSearchQuery, searchTable, searchCsvColumns} = await import('../../lib/go-compat/workflow.js')
    const {compileSearch} = await import('../../lib/search/compile.js')
    const {runSearch} = await import('../../lib/search/service.js')
    const {explainSearch, explanationLines} = await import('../../lib/search/explain.js')
    const {flags} = this
    const query = goSearchQuery({
      workflow: flags.workflow,
      status: flags.status,
      after: flags['start-time-after'],
      before: flags['start-time-before'],
    })
    const text = this.args.free_text && this.args.free_text !== '*' ? this.args.free_text : undefined
    const search = compileSearch(query, {kind: 'workflow', text, now: Date.now()})
    if (flags.debug) this.logToStderr(explanationLines(explainSearch(search, flags.count, false)).join('\n'))
    const results: WorkflowSummary[] = []
    let totalHits = 0
    for await (const page of runSearch(await this.client(), search, {limit: flags.count})) {
      totalHits = page.totalHits
      results.push(...(page.rows as WorkflowSummary[]))
    }
    if (flags.csv) await this.renderList(results, searchCsvColumns, 'csv')
    else if (!this.jsonEnabled()) process.stdout.write(searchTable(results))
    return {totalHits, results}
  }
}
