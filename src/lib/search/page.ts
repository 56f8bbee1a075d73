/**
 * Paging through a search with memory bounded by one page, whatever the number of matches.
 *
 * Conductor pages with LIMIT/OFFSET over a set that may change while we read it: a new execution
 * sorts in at the top and pushes the next page down (the last rows of a page come again), and one
 * that leaves the filter (FAILED → RUNNING after a retry) pulls it up (a row is skipped). So:
 *
 * - Keyset paging when the first sort key is startTime (the default, and workflow search only): the
 *   next page asks for `startTime<T+1` (DESC; `>T-1` for ASC) from offset 0, where T is the start of
 *   the last row read, and drops the rows already read at exactly T. A start time never changes, so
 *   rows added above the bound or leaving the set behind it cannot shift what is still to come, and
 *   rows started during the read are not returned (DESC): the result is a snapshot. Memory: one page
 *   plus the ids sharing the last millisecond.
 * - Offset paging otherwise (other sorts, and task search, whose index may hold a stale start time of
 *   0 for tasks indexed before they started): rows repeated from the previous page are dropped, but a
 *   row that leaves the set while we read can make us skip one. Every sort ends with the unique id,
 *   so the order itself is total and repeatable.
 */
export const MAX_PAGE_SIZE = 5000

export interface PageRequest {
  query: string
  freeText: string
  sort: string
  start: number
  size: number
}

export interface PageResult<T> {
  totalHits: number
  results: T[]
}

export type PageFetcher<T> = (request: PageRequest) => Promise<PageResult<T>>

export interface PagingOptions<T> {
  /** Stop after this many accepted rows; undefined reads everything. */
  limit?: number | undefined
  /** Rows per request (at most 5000, the server's cap for workflow search). */
  pageSize?: number | undefined
  /** Use startTime keyset paging when the sort starts with startTime (workflow search). */
  keyset?: boolean | undefined
  idOf: (row: T) => string
  /** Start time in epoch ms, for keyset paging. */
  startOf: (row: T) => number | undefined
  /** A filter the server cannot apply; paging goes on until `limit` rows pass it. */
  accept?: ((row: T) => boolean) | undefined
}

export interface Page<T> {
  /** Accepted rows of this page (may be empty when the filter refused them all). */
  rows: T[]
  /** The server's count for the query, from the first request (before any client-side filter). */
  totalHits: number
  /** Requests made so far. */
  requests: number
}

export interface SearchBase {
  query: string
  freeText: string
  sort: string
}

export async function* searchPages<T>(
  fetch: PageFetcher<T>,
  search: SearchBase,
  options: PagingOptions<T>,
): AsyncGenerator<Page<T>> {
  const pageSize = Math.min(Math.max(1, options.pageSize ?? 1000), MAX_PAGE_SIZE)
  const primary = search.sort.split('|')[0] ?? ''
  const keyset =
    options.keyset && /^startTime:(ASC|DESC)$/.test(primary) ? (primary.endsWith('DESC') ? 'DESC' : 'ASC') : undefined
  let emitted = 0
  let totalHits = 0
  let requests = 0
  // keyset: the start time of the last row read, and the ids read at exactly that time (offset: the
  // ids of the previous page, to drop rows that an insert pushed down); `skip`: the offset to send
  let bound: number | undefined
  let seen = new Set<string>()
  let skip = 0

  for (;;) {
    const remaining = options.limit === undefined ? Infinity : options.limit - emitted
    if (remaining <= 0) return
    const wanted = options.accept ? pageSize : Math.min(pageSize, remaining)
    // Ask again for the rows already read at the bound (and drop them) rather than skipping them by
    // offset: one of them may have left the set meanwhile. Only a tie of thousands falls back to offset.
    const reread = bound !== undefined && wanted + seen.size <= MAX_PAGE_SIZE
    const size = reread ? wanted + seen.size : wanted
    const query =
      bound === undefined
        ? search.query
        : [search.query, keyset === 'DESC' ? `startTime<${bound + 1}` : `startTime>${bound - 1}`]
            .filter(Boolean)
            .join(' AND ')
    const start = bound === undefined ? skip : reread ? 0 : seen.size
    const page = await fetch({query, freeText: search.freeText, sort: search.sort, start, size})
    requests++
    if (requests === 1) totalHits = page.totalHits
    const results = page.results
    const fresh = results.filter((row) => !seen.has(options.idOf(row)))

    const lastTime = keyset && results.length > 0 ? options.startOf(results[results.length - 1] as T) : undefined
    const atLast = results.filter((row) => options.startOf(row) === lastTime).map((row) => options.idOf(row))
    if (lastTime !== undefined && lastTime !== bound) {
      bound = lastTime
      seen = new Set(atLast)
    } else if (lastTime !== undefined) {
      seen = new Set([...seen, ...atLast])
    } else {
      skip += results.length
      seen = new Set(results.map((row) => options.idOf(row)))
    }

    let rows = options.accept ? fresh.filter(options.accept) : fresh
    if (rows.length > remaining) rows = rows.slice(0, remaining)
    emitted += rows.length
    yield {rows, totalHits, requests}
    if (results.length < size || (keyset && fresh.length === 0)) return
  }
}
