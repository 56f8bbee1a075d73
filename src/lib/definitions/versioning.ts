import {ApiError} from '../client/api-error.js'
import type {ConductorClient} from '../client/client.js'
import {CliError} from '../errors.js'
import {createWorkflow, getWorkflow} from './metadata.js'
import {definitionLabel, type LoadedDefinition} from './load.js'
import type {Comparison} from './compare.js'
import {isObject, type Json} from './model.js'
import {jsonEqual, normalise, wireBody} from './normalise.js'

/**
 * What `register` does with a workflow whose version already exists on the server:
 * overwrite it (the server's own behaviour), register a changed definition as latest+1 (bump),
 * or refuse the whole run when any definition differs from the server copy of its version.
 */
export type VersionPolicy = 'overwrite' | 'bump' | 'fail-if-changed'
export const VERSION_POLICIES: readonly VersionPolicy[] = ['overwrite', 'bump', 'fail-if-changed']

/** The latest server version of each workflow name, with its document. */
export function latestVersions(state: Map<string, Json>): Map<string, {version: number; doc: Json}> {
  const latest = new Map<string, {version: number; doc: Json}>()
  for (const [key, doc] of state) {
    if (!key.startsWith('workflow:') || !isObject(doc) || typeof doc.name !== 'string') continue
    const version = typeof doc.version === 'number' ? doc.version : 1
    const seen = latest.get(doc.name)
    if (!seen || version > seen.version) latest.set(doc.name, {version, doc})
  }
  return latest
}

export interface BumpPlan {
  /** The definitions to register, workflows carrying the version to write. */
  defs: LoadedDefinition[]
  /** For a bumped definition (keyed by its entry in `defs`): the latest server version before it. */
  previous: Map<LoadedDefinition, number>
}

/**
 * --bump: each workflow is compared with the LATEST server version of its name (the version in the
 * file does not matter, so registering the same file twice creates one version, not two).
 * Equal: it is that version, unchanged. Different: it becomes latest+1. Unknown name: the version
 * written (or 1). Task definitions have no versions and pass through.
 */
export function planBumps(defs: LoadedDefinition[], state: Map<string, Json>): BumpPlan {
  const counts = new Map<string, number>()
  for (const d of defs) if (d.kind === 'workflow') counts.set(d.name, (counts.get(d.name) ?? 0) + 1)
  const repeated = [...counts].filter(([, n]) => n > 1).map(([name]) => name)
  if (repeated.length > 0)
    throw new CliError(
      'invalid',
      `--bump needs one definition per workflow name; defined more than once: ${repeated.join(', ')}`,
      {
        hint: 'Keep one file per workflow (the server assigns the versions), or register them with --version-policy overwrite.',
      },
    )
  const latest = latestVersions(state)
  const previous = new Map<LoadedDefinition, number>()
  const planned = defs.map((def) => {
    if (def.kind !== 'workflow') return def
    const current = latest.get(def.name)
    if (!current) return def
    const same = jsonEqual(comparable(def.doc, current.version), normalise('workflowDef', current.doc))
    const version = same ? current.version : current.version + 1
    const next = withVersion(def, version)
    if (!same) previous.set(next, current.version)
    return next
  })
  return {defs: planned, previous}
}

function comparable(doc: Record<string, unknown>, version: number): Json {
  return normalise('workflowDef', {...(wireBody('workflowDef', doc as Json) as Record<string, Json>), version})
}

/** The same definition, to be written under another version (position lookups still point into the file). */
export function withVersion(def: LoadedDefinition, version: number): LoadedDefinition {
  if (def.version === version) return def
  return {...def, version, doc: {...def.doc, version}}
}

/** --version-policy fail-if-changed: nothing is registered if any definition differs from its server copy. */
export function refuseChanged(comparisons: Comparison[]): void {
  const changed = comparisons.filter((c) => c.status === 'changed')
  if (changed.length === 0) return
  const names = changed.map((c) => `${c.kind} ${definitionLabel(c)}`)
  throw new CliError(
    'conflict',
    `Nothing was registered: ${changed.length} definition(s) differ from the server copy of the same version: ${names.join(', ')}`,
    {
      hint: 'Register them as new versions with --bump, overwrite with --version-policy overwrite, or see the differences with `conductor workflow diff`.',
      details: {
        changed: changed.map((c) => ({kind: c.kind, name: c.name, version: c.version, changedPaths: c.changedPaths})),
      },
    },
  )
}

/** What happened to one bumped (or new) workflow created with createVersion. */
export interface CreatedVersion {
  action: 'created' | 'unchanged'
  version: number
  /** The latest server version before ours, when there was one. */
  previousVersion?: number
}

/**
 * The server refused the version because it exists: 409 from its check, or, when two creates pass
 * that check at once, 500 with the same words from the database's unique key (seen on SQLite).
 */
export function versionTaken(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  return error.status === 409 || (error.status === 500 && /already exists/i.test(error.serverMessage ?? ''))
}

/** How many times a version taken by a concurrent run is retried as the next one. */
const CREATE_ATTEMPTS = 20

/**
 * How long after a create its version is read back. On Postgres the server's create is a check then
 * an UPDATE-or-INSERT in one READ COMMITTED transaction, so a concurrent create of the same version
 * that passed its check before ours committed overwrites ours and answers 200 as well. Its write
 * follows its check by one database round trip; reading back this much later sees it.
 */
export const CREATE_SETTLE_MS = 250

/**
 * --bump, race-free: the version is created with a request the server refuses (409) when the
 * version exists. Refused, the server's latest is read again: our content already there is
 * `unchanged`; otherwise the next version is tried. A create the server accepted is read back after
 * CREATE_SETTLE_MS: another run's content there means it overwrote ours, and the next version is
 * tried. So every version a run reports holds what it wrote.
 */
export async function createVersion(
  client: ConductorClient,
  def: LoadedDefinition,
  version: number,
  previousVersion: number | undefined,
): Promise<CreatedVersion> {
  let next = version
  let previous = previousVersion
  for (let attempt = 1; ; attempt++) {
    try {
      await createWorkflow(client, wireBody('workflowDef', {...def.doc, version: next} as Json))
      if (await holdsOurs(client, def, next))
        return {action: 'created', version: next, ...(previous === undefined ? {} : {previousVersion: previous})}
      if (attempt >= CREATE_ATTEMPTS)
        throw new CliError('conflict', `${def.name} version ${next} was overwritten by a concurrent register`)
    } catch (error) {
      // an ApiError is a CliError too: only a version taken (409, or 500 'already exists') is retried
      if (!versionTaken(error) || attempt >= CREATE_ATTEMPTS) throw error
    }
    const latest = await getWorkflow(client, def.name)
    const latestVersion = typeof latest.version === 'number' ? latest.version : 1
    if (jsonEqual(comparable(def.doc, latestVersion), normalise('workflowDef', latest)))
      return {action: 'unchanged', version: latestVersion}
    previous = latestVersion
    next = Math.max(next, latestVersion) + 1
  }
}

/** After CREATE_SETTLE_MS: does the version we created still hold our content? */
async function holdsOurs(client: ConductorClient, def: LoadedDefinition, version: number): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, CREATE_SETTLE_MS))
  const stored = await getWorkflow(client, def.name, version)
  return jsonEqual(comparable(def.doc, version), normalise('workflowDef', stored))
}
