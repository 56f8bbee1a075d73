import {backendQuery} from './backend-sql.js'
import type {BackendInfo} from './backend.js'
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
  /** The index that answers and how the CLI knows; absent when not asked. */
  backend?: BackendInfo | undefined
  /** The SQL that index builds from the request (parameters inline), when the backend is known. */
  backendQuery?: string | undefined
  /** What this backend does differently from the query language's usual meaning. */
  notes?: string[] | undefined
}

export function explainSearch(search: CompiledSearch, size: number, all: boolean, backend?: BackendInfo): Explanation {
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
    ...(backend ? backendPart(search, backend) : {}),
  }
}

function backendPart(search: CompiledSearch, info: BackendInfo): Partial<Explanation> {
  const notes: string[] = []
  const sql = backendQuery(search, info.backend)
  if (info.backend === 'postgres') {
    if (search.freeText !== '*')
      notes.push(
        search.freeText.startsWith('{')
          ? 'free text: a JSON object the stored summary contains (json_data @> ...)'
          : 'free text: whole words in this order (English stems, any case), not a substring',
      )
    if (search.query.includes('*')) notes.push('wildcards: case-sensitive on Postgres (any case on SQLite)')
  } else if (info.backend !== 'sqlite') {
    notes.push(
      "compiled for the SQLite grammar (the server jar's default); the server does not say which index it runs",
    )
  }
  return {backend: info, ...(sql ? {backendQuery: sql} : {}), ...(notes.length ? {notes} : {})}
}

export function describeFilter(filter: ClientFilter): string {
  if (filter.op === 'like')
    return `${filter.field} matches ${filter.pattern} exactly (${filter.caseSensitive ? 'case-sensitive' : 'any case'}; the server's LIKE reads _ and % as any character)`
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
  for (const f of e.clientFilters) lines.push(`  filtered by the CLI: ${f} (checked on every page)`)
  if (e.backend) lines.push(`  backend:   ${e.backend.backend} (${e.backend.source})`)
  if (e.backendQuery) lines.push(`  sql:       ${e.backendQuery}`)
  for (const note of e.notes ?? []) lines.push(`  note:      ${note}`)
  lines.push(`  url:       ${url}`)
  return lines
}
