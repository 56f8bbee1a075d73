import {CliError} from '../errors.js'
import type {CompiledSearch} from './compile.js'
import type {PageFormatter} from './emit.js'
import type {Page} from './page.js'
import type {Summary} from './types.js'

/** A table needs every row before it prints; past this, ask for a streaming format. */
export const TABLE_MAX = 10_000

/** How far the reading has got: rows read of the server's total. */
export type Progress = (read: number, totalHits: number) => void

export interface Read {
  read: number
  totalHits: number
}

type Pages = AsyncIterable<Page<Summary>>

/** --ids: the workflow ids, page by page; task search gives each workflow id once per run of rows. */
export async function collectIds(
  pages: Pages,
  kind: CompiledSearch['kind'],
  onIds: (ids: string[]) => void,
  onProgress: Progress = () => {},
): Promise<Read> {
  let read = 0
  let totalHits = 0
  // bounded: only the ids of the last page are remembered
  let recent = new Set<string>()
  for await (const page of pages) {
    totalHits = page.totalHits
    const ids = page.rows.map((r) =>
      kind === 'workflow' ? (r as {workflowId: string}).workflowId : String(r.workflowId ?? ''),
    )
    const out = [...new Set(ids)].filter((id) => id && !recent.has(id))
    recent = new Set(ids)
    read += page.rows.length
    if (out.length > 0) onIds(out)
    onProgress(read, totalHits)
  }
  return {read, totalHits}
}

/** Every row, for a table or one JSON document; refused past TABLE_MAX (streaming formats have no limit). */
export async function collectRows(
  pages: Pages,
  search: CompiledSearch,
  limit: number | undefined,
  onProgress: Progress = () => {},
): Promise<{rows: Summary[]; totalHits: number}> {
  const rows: Summary[] = []
  let totalHits = 0
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
    onProgress(rows.length, totalHits)
  }
  return {rows, totalHits}
}

/** -o json|jsonl|yaml|csv without a limit: each page formatted as it arrives, then the format's ending. */
export async function streamRows(
  pages: Pages,
  formatter: PageFormatter<Summary>,
  onText: (text: string) => void,
  onProgress: Progress = () => {},
): Promise<Read> {
  let read = 0
  let totalHits = 0
  for await (const page of pages) {
    totalHits = page.totalHits
    read += page.rows.length
    const text = await formatter.page(page.rows)
    if (text) onText(text)
    onProgress(read, totalHits)
  }
  onText(formatter.end())
  return {read, totalHits}
}

/** Said when the limit cut the list short, so a pipe never acts on part of it unknowingly. */
export function truncationNote(
  shown: number,
  totalHits: number,
  limit: number | undefined,
  search: CompiledSearch,
): string | undefined {
  if (limit === undefined || shown < limit) return undefined
  if (search.clientFilters.length === 0 && totalHits <= shown) return undefined
  const of = search.clientFilters.length === 0 ? ` of ${totalHits}` : ''
  return `Showing the first ${shown}${of} matches; use --limit N or --all for more.`
}

/** The distinct workflow ids of the rows, in order. */
export function workflowIds(rows: Summary[]): string[] {
  return [...new Set(rows.map((r) => ('workflowId' in r ? r.workflowId : undefined)))].filter(
    (id): id is string => typeof id === 'string',
  )
}
