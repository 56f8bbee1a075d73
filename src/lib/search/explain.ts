import type {ClientFilter, CompiledSearch} from './compile.js'
import {SEARCH_PATH} from './service.js'

/** --explain: the request a search makes, so people learn Conductor's own syntax. */
export interface Explanation {
  method: 'GET'
  path: string
  params: {query?: string; freeText: string; sort: string; start: number; size: number}
  /** Filters the CLI applies to each page (the server has no such column). */
  clientFilters: string[]
  /** Each time as resolved (relative times against the clock now). */
  times: {text: string; iso: string}[]
  paging: string
}

export function explainSearch(search: CompiledSearch, size: number, all: boolean): Explanation {
  const keyset = search.kind === 'workflow' && /^startTime:/.test(search.sort)
  return {
    method: 'GET',
    path: `/api${SEARCH_PATH[search.kind]}`,
    params: {
      ...(search.query ? {query: search.query} : {}),
      freeText: search.freeText,
      sort: search.sort,
      start: 0,
      size,
    },
    clientFilters: search.clientFilters.map(describeFilter),
    times: search.times,
    paging: !all
      ? 'one page'
      : keyset
        ? `pages of ${size}; each next page adds startTime${search.sort.startsWith('startTime:DESC') ? '<' : '>'}(last start time) to the query`
        : `pages of ${size} by offset (start=0, ${size}, ...)`,
  }
}

export function describeFilter(filter: ClientFilter): string {
  return filter.op === 'in'
    ? `${filter.field} in (${filter.values.join(', ')})`
    : `${filter.field}${filter.op}${filter.values[0]}`
}

export function explanationLines(e: Explanation): string[] {
  const url = `${e.path}?${new URLSearchParams(Object.entries(e.params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`
  const lines = [
    `${e.method} ${e.path}`,
    `  query:     ${e.params.query ?? '(none)'}`,
    `  freeText:  ${e.params.freeText}`,
    `  sort:      ${e.params.sort}`,
    `  size:      ${e.params.size} (${e.paging})`,
  ]
  for (const t of e.times) lines.push(`  time:      ${t.text} → ${t.iso}`)
  for (const f of e.clientFilters) lines.push(`  filtered by the CLI: ${f} (not a server field; checked on every page)`)
  lines.push(`  url:       ${url}`)
  return lines
}
