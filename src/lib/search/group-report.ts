import type {Column} from '../output/formats.js'
import type {Progress} from './collect.js'
import type {SearchKind} from './fields.js'
import {Grouper, onlyStatuses, RETRYABLE, withNextCommands, type Group, type GroupBy} from './group.js'
import type {Page} from './page.js'
import type {Summary} from './types.js'

/** --group-by: the groups of every match read, each with the command that lists it. */
export async function groupMatches(
  pages: AsyncIterable<Page<Summary>>,
  search: {kind: SearchKind; query: string},
  source: string,
  by: GroupBy,
  onProgress: Progress = () => {},
): Promise<{groups: Group[]; total: number}> {
  const grouper = new Grouper(by, search.kind)
  for await (const page of pages) {
    for (const row of page.rows) grouper.add(row)
    onProgress(grouper.total, page.totalHits)
  }
  const retry = search.kind === 'workflow' && onlyStatuses(search.query, RETRYABLE)
  return {groups: withNextCommands(grouper.groups(), source, by, {kind: search.kind, retry}), total: grouper.total}
}

/** The group last: on a terminal a long reason is shortened to fit. */
export function groupColumns(by: GroupBy, kind: SearchKind): Column<Group>[] {
  const header = {
    workflow: 'Workflow',
    task: kind === 'task' ? 'Task' : 'Failed task',
    reason: 'Reason',
    status: 'Status',
  }[by]
  return [
    {header: 'Count', get: (g) => g.count},
    {header: 'Sample ID', get: (g) => g.sample},
    {header: 'Last start', get: (g) => g.lastStart.replace('T', ' ').replace(/\.\d+Z$/, 'Z')},
    {header, get: (g) => g.key},
  ]
}

/** The lines for people under a group table: totals, then the next commands for the biggest groups. */
export function groupNotes(groups: Group[], total: number, kind: SearchKind): string[] {
  const notes = [`${total} ${kind === 'workflow' ? 'executions' : 'tasks'} in ${groups.length} groups.`]
  const nexts = groups.filter((g) => g.next).slice(0, 5)
  if (nexts.length > 0) notes.push(['Next:', ...nexts.map((g) => `  ${g.next}`)].join('\n'))
  if (nexts.some((g) => g.next?.includes(' --text ')))
    notes.push('(--text matches a substring anywhere in the stored summary: look at the list before acting on it.)')
  return notes
}
