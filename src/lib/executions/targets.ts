import type {ConductorClient} from '../client/client.js'
import {CliError} from '../errors.js'
import type {WorkflowSummary} from '../search/types.js'
import {workflowIds} from './control.js'

/** The executions a control command acts on: ids as arguments, ids on stdin (`-`), or a search (--query). */
export interface Targets {
  source: 'args' | 'stdin' | 'query'
  /** How many: exact for ids; for a query the server's count (an upper bound when the CLI filters versions). */
  count: number
  /** The count may be more than what the stream yields (a filter the CLI applies while paging). */
  upTo: boolean
  /** The first few, with name and status when a search found them. */
  sample: Sample[]
  /** Every id, once, in order; pages of a search are read as the stream is consumed. */
  ids: AsyncIterable<string>
}

export interface Sample {
  id: string
  workflowType?: string | undefined
  status?: string | undefined
}

export const SAMPLE_SIZE = 5

export function fromList(source: 'args' | 'stdin', ids: readonly string[]): Targets {
  return {
    source,
    count: ids.length,
    upTo: false,
    sample: ids.slice(0, SAMPLE_SIZE).map((id) => ({id})),
    ids: (async function* () {
      yield* ids
    })(),
  }
}

/** The positional arguments: ids, or a lone `-` for stdin. */
export function argumentIds(argv: readonly unknown[]): string[] | 'stdin' | undefined {
  const words = argv.map(String)
  if (words.length === 0) return undefined
  if (words.includes('-')) {
    if (words.length > 1)
      throw new CliError('usage', '`-` (ids on stdin) cannot be combined with ids as arguments', {
        hint: 'Give ids as arguments, or `-` alone and the ids on stdin.',
      })
    return 'stdin'
  }
  return workflowIds(words)
}

/**
 * Ids on stdin, one per line or separated by any whitespace; blank lines are ignored, repeats are
 * dropped, the order is kept. Refuses what looks like a table, CSV, YAML or JSON (search without
 * --ids): a first word in capitals is a table's header (ID, TASK ID, ...).
 */
/** Separators of tables and CSV, YAML list items and keys, JSON: what `search` prints without --ids. */
const NOT_AN_ID = /[,|{}[\]"\u2500-\u257F]|^-$|:$/

export async function readIds(stream: AsyncIterable<string | Buffer>): Promise<string[]> {
  const seen = new Set<string>()
  let rest = ''
  const take = (word: string) => {
    if (!word) return
    if (NOT_AN_ID.test(word) || (seen.size === 0 && /^([A-Z]{2,}|workflowId)$/.test(word)))
      throw new CliError('usage', `stdin does not look like a list of ids (found "${word.slice(0, 40)}")`, {
        hint: 'Pipe ids only, one a line: `conductor search "…" --all --ids | conductor retry - --yes`.',
      })
    seen.add(word)
  }
  for await (const chunk of stream) {
    const words = (rest + chunk.toString()).split(/\s+/)
    rest = words.pop() ?? ''
    for (const word of words) take(word)
  }
  take(rest)
  return [...seen]
}

/**
 * A workflow search as a stream of ids. Reads the first page now (for the count and the sample) and
 * the rest as the stream is consumed, so memory holds one page whatever the number of matches.
 * Paging is by start time (see search/page.ts), so executions leaving the result while we act on them
 * (FAILED → RUNNING after a retry) do not make it skip any.
 */
export async function fromQuery(
  client: ConductorClient,
  query: string,
  options: {now: number; pageSize?: number},
): Promise<Targets> {
  const [{compileForServer}, {runSearch}] = await Promise.all([
    import('../search/backend.js'),
    import('../search/service.js'),
  ])
  const search = await (async () => {
    try {
      return (await compileForServer(client, query, {kind: 'workflow', now: options.now})).search
    } catch (error) {
      // the search command's hint ("search tasks with --tasks") does not apply here
      if (error instanceof CliError && error.hint?.includes('--tasks'))
        throw new CliError(error.kind, error.message, {
          hint: '--query finds executions by workflow fields. To act on the executions of matching tasks: `conductor search --tasks "…" --all --ids | conductor COMMAND - --yes`.',
        })
      throw error
    }
  })()
  const pages = runSearch(client, search, {pageSize: options.pageSize ?? 1000})
  const first = await pages.next()
  const rows = (first.done ? [] : first.value.rows) as WorkflowSummary[]
  const count = first.done ? 0 : first.value.totalHits
  async function* ids(): AsyncGenerator<string> {
    // (the first page's array belongs to the pager, which reads it after the yield: never change it)
    for (const row of rows) yield row.workflowId
    for await (const page of pages) for (const row of page.rows as WorkflowSummary[]) yield row.workflowId
  }
  return {
    source: 'query',
    count,
    upTo: search.clientFilters.length > 0,
    sample: rows.slice(0, SAMPLE_SIZE).map((r) => ({id: r.workflowId, workflowType: r.workflowType, status: r.status})),
    ids: ids(),
  }
}
