import type {ConductorClient} from '../client/client.js'
import {CliError} from '../errors.js'
import type {ClientFilter, CompiledSearch} from './compile.js'
import {searchPages, type Page, type PageFetcher} from './page.js'
import {epochMs, type Summary, type TaskSummary, type WorkflowSummary} from './types.js'

export const SEARCH_PATH = {workflow: '/workflow/search', task: '/tasks/search'} as const

export interface RunOptions {
  limit?: number | undefined
  pageSize?: number | undefined
}

/** Pages of matching summaries, each page as it arrives (see page.ts for the paging rules). */
export function runSearch(
  client: ConductorClient,
  search: CompiledSearch,
  options: RunOptions = {},
): AsyncGenerator<Page<Summary>> {
  const path = SEARCH_PATH[search.kind]
  const fetch: PageFetcher<Summary> = async (request) => {
    const body = await client.json<unknown>('GET', path, {
      query: {
        start: request.start,
        size: request.size,
        sort: request.sort,
        freeText: request.freeText,
        ...(request.query ? {query: request.query} : {}),
      },
    })
    return parseResult(body, `GET /api${path}`, search.kind)
  }
  const accept =
    search.clientFilters.length > 0 ? (row: Summary) => search.clientFilters.every((f) => passes(f, row)) : undefined
  return searchPages(fetch, search, {
    limit: options.limit,
    pageSize: options.pageSize,
    keyset: search.kind === 'workflow',
    idOf: (row) => idOf(search.kind, row),
    startOf: (row) => epochMs(row.startTime),
    accept,
  })
}

export function idOf(kind: CompiledSearch['kind'], row: Summary): string {
  return kind === 'workflow' ? (row as WorkflowSummary).workflowId : (row as TaskSummary).taskId
}

function parseResult(
  body: unknown,
  what: string,
  kind: CompiledSearch['kind'],
): {totalHits: number; results: Summary[]} {
  const result = body as {totalHits?: unknown; results?: unknown} | undefined
  const id = kind === 'workflow' ? 'workflowId' : 'taskId'
  if (
    !result ||
    !Array.isArray(result.results) ||
    !result.results.every((r) => r && typeof r === 'object' && typeof (r as Record<string, unknown>)[id] === 'string')
  )
    throw new CliError('server', `${what}: the answer is not a search result ({totalHits, results: [...]})`, {
      hint: 'Is the server a Conductor server with search (an indexer) enabled? Run `conductor doctor`.',
    })
  return {totalHits: typeof result.totalHits === 'number' ? result.totalHits : 0, results: result.results as Summary[]}
}

const patterns = new Map<string, RegExp>()

export function passes(filter: ClientFilter, row: Summary): boolean {
  if (filter.op === 'like') {
    const value = (row as unknown as Record<string, unknown>)[filter.field]
    const key = `${filter.caseSensitive ? 's' : 'i'}${filter.pattern}`
    let pattern = patterns.get(key)
    if (!pattern) {
      const body = filter.pattern
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')
      pattern = new RegExp(`^${body}$`, filter.caseSensitive ? 's' : 'is')
      patterns.set(key, pattern)
    }
    return typeof value === 'string' && pattern.test(value)
  }
  const value = row[filter.field]
  if (typeof value !== 'number') return false
  const [first = 0] = filter.values
  switch (filter.op) {
    case '=':
    case 'in':
      return filter.values.includes(value)
    case '>':
      return value > first
    case '>=':
      return value >= first
    case '<':
      return value < first
    case '<=':
      return value <= first
  }
}
