import type {ConductorClient} from '../client/client.js'
import {CliError} from '../errors.js'
import type {BackendInfo} from './backend.js'
import type {CompiledSearch} from './compile.js'
import type {Explanation} from './explain.js'
import type {GroupBy} from './group.js'
import type {Page} from './page.js'
import type {Summary} from './types.js'

export const DEFAULT_LIMIT = 20

/** What `search` was asked, as its flags give it. */
export interface SearchAsk {
  words: string[]
  tasks: boolean
  all: boolean
  ids: boolean
  /** --json (refused with --ids) */
  json?: boolean | undefined
  limit?: number | undefined
  text?: string | undefined
  sort?: string | undefined
  groupBy?: GroupBy | undefined
  pageSize: number
  /** --explain: the server's index is always asked (its SQL is shown) */
  explain?: boolean | undefined
}

/** A search ready to send: compiled for the server's index, with its limit and page size. */
export interface SearchRequest {
  search: CompiledSearch
  backend: BackendInfo
  /** The query as run (with the failed statuses added for --group-by). */
  source: string
  by: GroupBy | undefined
  all: boolean
  /** undefined: every match */
  limit: number | undefined
  pageSize: number
}

/**
 * Checks the flags, compiles the query (a malformed one is refused before the client is even built),
 * then compiles it for the server's index. `onNote` hears of the statuses added for --group-by.
 */
export async function searchRequest(
  ask: SearchAsk,
  client: () => Promise<ConductorClient>,
  onNote: (message: string) => void = () => {},
): Promise<SearchRequest> {
  if (ask.all && ask.limit !== undefined)
    throw new CliError('usage', '--all and --limit cannot be used together', {
      hint: '--all reads every match; --limit N stops after N.',
    })
  if (ask.ids && ask.json)
    throw new CliError('usage', '--ids and --json cannot be used together', {
      hint: '--ids prints one id a line; --json prints the rows as one JSON document (each has its workflowId).',
    })
  if (ask.ids && ask.groupBy)
    throw new CliError('usage', '--ids and --group-by cannot be used together', {
      hint: 'Group first, then list a group with the suggested command and --ids.',
    })
  const [{compileSearch}, {parseQuery}, {compileForServer}] = await Promise.all([
    import('./compile.js'),
    import('./parser.js'),
    import('./backend.js'),
  ])
  const kind = ask.tasks ? 'task' : 'workflow'
  const by = ask.groupBy
  let source = ask.words.join(' ').trim()
  if (
    by &&
    kind === 'workflow' &&
    !parseQuery(source).some((c) => c.kind !== 'range' && /^(status|state)$/i.test(c.field))
  ) {
    source = source ? `${source} and status in (FAILED, TIMED_OUT)` : 'status in (FAILED, TIMED_OUT)'
    onNote(`Grouping failed executions: ${source}`)
  }
  const options = {kind, text: ask.text, sort: ask.sort, now: Date.now()} as const
  compileSearch(source, options)
  const {search, backend} = await compileForServer(client, source, options, process.env, ask.explain === true)
  const all = ask.all || Boolean(by && ask.limit === undefined)
  const limit = all ? undefined : (ask.limit ?? DEFAULT_LIMIT)
  return {search, backend, source, by, all, limit, pageSize: ask.pageSize}
}

/** --explain: what would be sent (the first page's size is cut to the limit). */
export async function explainRequest(request: SearchRequest): Promise<Explanation> {
  const {explainSearch} = await import('./explain.js')
  const size = Math.min(request.pageSize, request.limit ?? Infinity)
  return explainSearch(request.search, size, request.all, request.backend)
}

/** The pages of matches, as the request asks for them. */
export async function requestPages(
  client: ConductorClient,
  request: SearchRequest,
): Promise<AsyncGenerator<Page<Summary>>> {
  const {runSearch} = await import('./service.js')
  return runSearch(client, request.search, {limit: request.limit, pageSize: request.pageSize})
}
