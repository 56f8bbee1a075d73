import type {Readable} from 'node:stream'
import type {ConductorClient} from '../client/client.js'
import {CliError} from '../errors.js'
import type {Comparison} from './compare.js'
import type {DefinitionKind} from './load.js'
import {formatProblem} from './problems.js'

export interface DiffEntry {
  kind: DefinitionKind
  name: string
  version: number | undefined
  status: Comparison['status']
  file: string | undefined
  changedPaths: string[]
}

export interface DiffOptions {
  /** The kinds compared (the others found in the files are left out). */
  kinds: DefinitionKind[]
  /** Also list what exists only on the server. */
  all: boolean
  stdin: Readable
  connect: () => Promise<ConductorClient>
}

/**
 * Each definition in the files against the server's copy, both normalised. A file with errors stops
 * the diff (invalid), naming the first problem.
 */
export async function diffFiles(
  paths: string[],
  options: DiffOptions,
): Promise<{differences: number; entries: DiffEntry[]; comparisons: Comparison[]}> {
  const [{loadDefinitions}, {compareWithServer}, {ServerState}] = await Promise.all([
    import('./load.js'),
    import('./compare.js'),
    import('./server-state.js'),
  ])
  const {kinds} = options
  // the server's copies are fetched while the files are read
  const server = new ServerState(options.connect)
  const loaded = await loadDefinitions(paths, {
    stdin: options.stdin,
    ...(kinds.length === 1 ? {only: kinds[0]} : {}),
    onDefinition: (kind) => kinds.includes(kind) && server.prefetch(kind),
  })
  // schedules and event handlers are `conductor plan`/`apply`'s business
  loaded.definitions = loaded.definitions.filter((d) => kinds.includes(d.kind))
  const errors = loaded.problems.filter((p) => p.severity === 'error')
  const [first] = errors
  if (first)
    throw new CliError(
      'invalid',
      `${formatProblem(first)}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
      {
        hint: 'Run `conductor workflow validate` on the same paths for the full report.',
      },
    )
  const present = new Set(loaded.definitions.map((d) => d.kind))
  const state = await server.get(options.all ? new Set(kinds) : present)
  const comparisons = await compareWithServer(loaded.definitions, state, {includeServerOnly: options.all})
  const entries = comparisons.map((c) => ({
    kind: c.kind,
    name: c.name,
    version: c.version,
    status: c.status,
    file: c.definition?.file,
    changedPaths: c.changedPaths,
  }))
  return {differences: comparisons.filter((c) => c.status !== 'unchanged').length, entries, comparisons}
}

/** The text for people: each difference, its JSON paths and (unless nameOnly) the text diff. */
export async function diffText(
  comparisons: Comparison[],
  options: {nameOnly: boolean; colour: boolean},
): Promise<string[]> {
  const {renderDiff} = await import('./diff-render.js')
  const lines: string[] = []
  for (const c of comparisons) {
    const label = `${c.kind} ${c.name}${c.kind === 'workflow' ? ` v${c.version ?? 1}` : ''}`
    if (c.status === 'unchanged') continue
    if (c.status === 'new') lines.push(`new:            ${label} (${c.definition?.file})`)
    else if (c.status === 'only-on-server') lines.push(`only on server: ${label}`)
    else {
      lines.push(`changed:        ${label} (${c.definition?.file})`)
      for (const path of c.changedPaths) lines.push(`    ${path}`)
      if (!options.nameOnly) lines.push((await renderDiff(c, {colour: options.colour})).replace(/\n$/, ''))
    }
  }
  return lines
}

/** The count line: new, changed, unchanged (and only on the server, when those were listed). */
export function diffCounts(comparisons: Comparison[], all: boolean): string {
  const counts = {new: 0, changed: 0, unchanged: 0, 'only-on-server': 0}
  for (const c of comparisons) counts[c.status]++
  const only = all ? `, ${counts['only-on-server']} only on server` : ''
  return `${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged${only}`
}
