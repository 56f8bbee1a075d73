import {createHash} from 'node:crypto'
import {readdir, readFile, rm} from 'node:fs/promises'
import {join} from 'node:path'
import type {ConductorClient} from '../client/client.js'
import {writeFileAtomic} from '../fs-atomic.js'
import {modelOf} from './compare.js'
import {roundedOnRead} from './exact-numbers.js'
import type {DefinitionKind} from './kind.js'
import {listEventHandlers, listSchedules, listTaskDefs, listWorkflows} from './metadata.js'
import {
  MODELS,
  SERVER_FIELDS,
  isObject,
  mapNested,
  setOwn,
  storedNesting,
  type Json,
  type JsonObject,
  type ModelName,
} from './model.js'
import {sortKeys} from './normalise.js'

export type ExportKind = DefinitionKind
export type ExportFormat = 'json' | 'yaml'

/** A definition as the server returned it. */
export interface ServerDefinition {
  kind: ExportKind
  name: string
  /** workflows only */
  version?: number
  doc: Json
}

export interface ExportFilters {
  kinds: ReadonlySet<ExportKind>
  /** name filter (a RegExp from text.ts wildcard, or any matcher) */
  name?: {test(name: string): boolean} | undefined
  /** every version of each workflow instead of the latest only */
  allVersions: boolean
}

export interface ExportOptions extends ExportFilters {
  dir: string
  format: ExportFormat
  /** remove files of definitions (matching the filters) that are no longer on the server */
  prune: boolean
  dryRun?: boolean
}

/**
 * `created`/`updated`: written; `stale`: written by export, not on the server any more, kept (no
 * --prune); `pruned`: removed; `kept`: not on the server but not removed by --prune (see `reason`);
 * `failed`: could not be written (see `reason`), the others still are.
 */
export type ExportAction = 'created' | 'updated' | 'unchanged' | 'stale' | 'pruned' | 'kept' | 'failed'

export interface ExportEntry {
  /** relative to the export folder, with / separators */
  file: string
  kind: ExportKind
  name: string
  version?: number
  action: ExportAction
  reason?: string
}

export interface ExportReport {
  dir: string
  format: ExportFormat
  files: ExportEntry[]
  summary: Record<ExportAction, number> & {written: number}
  /** Temporary files left by interrupted exports (their process is gone), removed. */
  removedTemporary: string[]
}

/**
 * The record of what export wrote, in the export folder (a dot file, so `register DIR` skips it):
 * --prune removes only files listed here whose content is still what export wrote.
 */
export const MANIFEST = '.conductor-export.json'

interface ManifestEntry {
  kind: ExportKind
  name: string
  version?: number
  sha256: string
}

export const FOLDERS: Record<ExportKind, string> = {
  workflow: 'workflows',
  task: 'tasks',
  schedule: 'schedules',
  'event-handler': 'event-handlers',
}

/**
 * Definition names may hold characters no file system takes (`/`, `:`, `*`, control characters)
 * or that hide a file (a leading dot). Everything but ASCII letters, digits, `_`, `-` and inner
 * dots is percent-encoded (UTF-8 bytes, upper-case hex), `%` included, so decoding is exact.
 */
export function encodeName(name: string): string {
  let out = ''
  for (const [i, ch] of [...name].entries()) {
    if (/[A-Za-z0-9_-]/.test(ch) || (ch === '.' && i > 0)) out += ch
    else for (const byte of Buffer.from(ch, 'utf8')) out += '%' + byte.toString(16).toUpperCase().padStart(2, '0')
  }
  return out || '%'
}

export function decodeName(encoded: string): string | undefined {
  if (encoded === '%') return ''
  try {
    return decodeURIComponent(encoded)
  } catch {
    return undefined
  }
}

/**
 * The longest file name export writes, in bytes (names are ASCII once encoded). File systems take
 * 255 bytes per name; the atomic write's temporary name adds up to ~25 more.
 */
export const MAX_FILE_NAME = 200

/**
 * `workflows/NAME.vN.json`, `tasks/NAME.yaml`, `schedules/NAME.json`, `event-handlers/NAME.json`. A name too long for a file name (a 300-character
 * name, or ~25 CJK characters at 9 bytes each encoded) is cut and ends in `~` and 16 hex digits of
 * its SHA-256: stable, unique, and never the encoding of another name (`~` is always encoded).
 */
export function exportPath(def: Pick<ServerDefinition, 'kind' | 'name' | 'version'>, format: ExportFormat): string {
  const suffix = def.kind === 'workflow' ? `.v${def.version ?? 1}.${format}` : `.${format}`
  let base = encodeName(def.name)
  if (base.length + suffix.length > MAX_FILE_NAME) {
    const hash = createHash('sha256').update(def.name).digest('hex').slice(0, 16)
    // never cut a %XX escape in half
    const cut = base.slice(0, MAX_FILE_NAME - suffix.length - hash.length - 1).replace(/%[0-9A-F]?$/, '')
    base = `${cut}~${hash}`
  }
  return `${FOLDERS[def.kind]}/${base}${suffix}`
}

/** The definition a file written by export stands for; undefined for any other file. */
export function parseExportPath(file: string): {kind: ExportKind; name: string; version?: number} | undefined {
  const workflow = /^workflows\/(.+)\.v(\d+)\.(?:json|ya?ml)$/.exec(file)
  if (workflow) {
    const name = canonical(workflow[1] as string)
    return name === undefined ? undefined : {kind: 'workflow', name, version: Number(workflow[2])}
  }
  for (const kind of ['task', 'schedule', 'event-handler'] as const) {
    const folder = FOLDERS[kind]
    if (!file.startsWith(folder + '/')) continue
    const match = /^(.+)\.(?:json|ya?ml)$/.exec(file.slice(folder.length + 1))
    const name = match && !match[1]?.includes('/') ? canonical(match[1] as string) : undefined
    return name === undefined ? undefined : {kind, name}
  }
  return undefined
}

/** Only names export itself would have written, so files people named by hand are never pruned. */
function canonical(encoded: string): string | undefined {
  const name = decodeName(encoded)
  return name !== undefined && encodeName(name) === encoded ? name : undefined
}

/** The server copy less the audit fields (at every model level, never inside free-form maps), keys sorted. */
export function exportDocument(kind: ExportKind, doc: Json): Json {
  return sortKeys(stripAudit(modelOf(kind), doc))
}

function stripAudit(model: ModelName, doc: Json): Json {
  if (!isObject(doc)) return doc
  const spec = MODELS[model]
  const out: JsonObject = {}
  for (const [field, value] of Object.entries(doc)) {
    if (SERVER_FIELDS.includes(field) && field in spec.fields) continue
    const nesting = storedNesting(model, field)
    setOwn(out, field, nesting && value !== null ? mapNested(nesting, value, stripAudit) : value)
  }
  return out
}

export async function serialise(doc: Json, format: ExportFormat): Promise<string> {
  if (format === 'json') return JSON.stringify(doc, null, 2) + '\n'
  const {stringify} = await import('yaml')
  return stringify(doc, {lineWidth: 0})
}

/** Which server definitions an export (or a promotion) covers. */
export function selectDefinitions(all: ServerDefinition[], filters: ExportFilters): ServerDefinition[] {
  const chosen = all.filter((d) => filters.kinds.has(d.kind) && (!filters.name || filters.name.test(d.name)))
  if (filters.allVersions) return chosen
  const latest = new Map<string, number>()
  for (const d of chosen)
    if (d.kind === 'workflow') latest.set(d.name, Math.max(latest.get(d.name) ?? 0, d.version ?? 1))
  return chosen.filter((d) => d.kind !== 'workflow' || (d.version ?? 1) === latest.get(d.name))
}

/** Every definition of the kinds asked for, all versions: one request per kind. */
export async function fetchDefinitions(
  client: ConductorClient,
  kinds: ReadonlySet<ExportKind>,
): Promise<ServerDefinition[]> {
  const [workflows, tasks, schedules, handlers] = await Promise.all([
    kinds.has('workflow') ? listWorkflows(client, {allVersions: true}) : Promise.resolve([]),
    kinds.has('task') ? listTaskDefs(client) : Promise.resolve([]),
    kinds.has('schedule') ? listSchedules(client) : Promise.resolve([]),
    kinds.has('event-handler') ? listEventHandlers(client) : Promise.resolve([]),
  ])
  return [
    ...workflows.map((w): ServerDefinition => ({
      kind: 'workflow',
      name: w.name,
      version: typeof w.version === 'number' ? w.version : 1,
      doc: w,
    })),
    ...tasks.map((t): ServerDefinition => ({kind: 'task', name: t.name, doc: t})),
    ...schedules.map((d): ServerDefinition => ({kind: 'schedule', name: String(d.name), doc: d})),
    ...handlers.map((d): ServerDefinition => ({kind: 'event-handler', name: String(d.name), doc: d})),
  ].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name) || (a.version ?? 0) - (b.version ?? 0))
}

export async function exportDefinitions(client: ConductorClient, options: ExportOptions): Promise<ExportReport> {
  return writeExport(await fetchDefinitions(client, options.kinds), options)
}

/**
 * Writes one file per selected definition, only where the bytes differ (so an unchanged server
 * rewrites nothing), atomically, and records each in the manifest. A file that cannot be written is
 * reported failed; the others are still written. Files of definitions gone from the server are
 * listed as stale and removed only with `prune`, and only when export wrote them (the manifest) and
 * they were not edited since; others are reported kept, with the reason.
 */
export async function writeExport(all: ServerDefinition[], options: ExportOptions): Promise<ExportReport> {
  const entries: ExportEntry[] = []
  const wanted = new Set<string>()
  const manifest = await readManifest(options.dir)
  const removedTemporary = options.dryRun ? [] : await removeStaleTemporaries(options.dir)
  const {default: pLimit} = await import('p-limit')
  const limit = pLimit(16)
  const selected = selectDefinitions(all, options)
  await Promise.all(
    selected.map((def) =>
      limit(async () => {
        const file = exportPath(def, options.format)
        wanted.add(file)
        const id = {kind: def.kind, name: def.name, ...(def.kind === 'workflow' ? {version: def.version ?? 1} : {})}
        try {
          const rounded = roundedOnRead(def.doc)
          if (rounded) throw new Error(`${rounded}; not exported (GET it from the server's API to see it)`)
          const content = await serialise(exportDocument(def.kind, def.doc), options.format)
          const existing = await readFile(join(options.dir, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
            if (error.code === 'ENOENT') return undefined
            throw error
          })
          const action: ExportAction =
            existing === undefined ? 'created' : existing === content ? 'unchanged' : 'updated'
          if (action !== 'unchanged' && !options.dryRun) await writeFileAtomic(join(options.dir, file), content)
          manifest.set(file, {...id, sha256: sha256(content)})
          entries.push({file, ...id, action})
        } catch (error) {
          entries.push({file, ...id, action: 'failed', reason: (error as Error).message})
        }
      }),
    ),
  )
  const onServer = new Set(all.map((d) => `${d.kind}:${d.name}:${d.kind === 'workflow' ? (d.version ?? 1) : ''}`))
  for (const kind of options.kinds) {
    for (const file of await listFolder(options.dir, FOLDERS[kind])) {
      if (wanted.has(file)) continue
      const recorded = manifest.get(file)
      const id = recorded ?? parseExportPath(file)
      if (!id || id.kind !== kind || (options.name && !options.name.test(id.name))) continue
      if (onServer.has(`${id.kind}:${id.name}:${id.version ?? ''}`)) continue
      const entry = {file, kind: id.kind, name: id.name, ...(id.version === undefined ? {} : {version: id.version})}
      if (!recorded) {
        // named like an export file, but export never wrote it: a definition not registered yet, maybe
        if (options.prune)
          entries.push({...entry, action: 'kept', reason: `no record that export wrote it (${MANIFEST})`})
        continue
      }
      const content = await readFile(join(options.dir, file), 'utf8').catch(() => undefined)
      if (content === undefined || sha256(content) !== recorded.sha256) {
        entries.push({...entry, action: 'kept', reason: 'edited since export wrote it'})
        continue
      }
      if (!options.prune) {
        entries.push({...entry, action: 'stale'})
        continue
      }
      if (!options.dryRun) await rm(join(options.dir, file), {force: true})
      manifest.delete(file)
      entries.push({...entry, action: 'pruned'})
    }
  }
  if (!options.dryRun) await writeManifest(options.dir, manifest)
  entries.sort((a, b) => a.file.localeCompare(b.file))
  const summary = {created: 0, updated: 0, unchanged: 0, stale: 0, pruned: 0, kept: 0, failed: 0, written: 0}
  for (const e of entries) summary[e.action]++
  summary.written = summary.created + summary.updated
  return {dir: options.dir, format: options.format, files: entries, summary, removedTemporary}
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** The manifest's entries by file; a missing or unreadable manifest is an empty record. */
async function readManifest(dir: string): Promise<Map<string, ManifestEntry>> {
  const files = new Map<string, ManifestEntry>()
  try {
    const parsed = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as {files?: Record<string, ManifestEntry>}
    for (const [file, entry] of Object.entries(parsed.files ?? {}))
      if (isObject(entry as unknown as Json) && typeof entry.sha256 === 'string' && typeof entry.name === 'string')
        files.set(file, entry)
  } catch {
    // none yet, or not ours: nothing is known to be written by export
  }
  return files
}

/** Keeps entries whose file still exists; writes only when the record changed. */
async function writeManifest(dir: string, manifest: Map<string, ManifestEntry>): Promise<void> {
  const files: Record<string, ManifestEntry> = {}
  for (const file of [...manifest.keys()].sort()) {
    const exists = await readFile(join(dir, file)).then(
      () => true,
      () => false,
    )
    if (exists) files[file] = manifest.get(file) as ManifestEntry
  }
  const content =
    JSON.stringify({note: 'Written by `conductor export`: the files it wrote, for --prune.', files}, null, 2) + '\n'
  const existing = await readFile(join(dir, MANIFEST), 'utf8').catch(() => undefined)
  if (existing === content || (existing === undefined && Object.keys(files).length === 0)) return
  await writeFileAtomic(join(dir, MANIFEST), content)
}

/**
 * Temporary files of atomic writes (`NAME.PID.HEX.tmp`) whose process is gone: an export
 * interrupted (Ctrl-C, killed) between writing and renaming leaves them. A running export's are kept.
 */
async function removeStaleTemporaries(dir: string): Promise<string[]> {
  const removed: string[] = []
  for (const folder of Object.values(FOLDERS)) {
    for (const file of await listFolder(dir, folder)) {
      const pid = /\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(file)?.[1]
      if (pid === undefined || processAlive(Number(pid))) continue
      await rm(join(dir, file), {force: true})
      removed.push(file)
    }
  }
  return removed
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function listFolder(dir: string, folder: string): Promise<string[]> {
  try {
    const names = await readdir(join(dir, folder), {withFileTypes: true})
    return names.filter((e) => e.isFile()).map((e) => `${folder}/${e.name}`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}
