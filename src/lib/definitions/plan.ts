import type {ConductorClient} from '../client/client.js'
import {CliError} from '../errors.js'
import {compareWithServer, definitionKey, kindOfKey} from './compare.js'
import {DEFINITION_KINDS, type DefinitionKind} from './kind.js'
import type {LoadedDefinition} from './load.js'
import {isObject, type Json} from './model.js'
import {fingerprint, syntheticDefinition} from './promote.js'
import {deleteDefinitions, registerComparisons, type RegisterAction} from './register.js'
import type {ValidationReport} from './report.js'
import type {ServerState} from './server-state.js'

/** `conductor plan` / `apply`: every kind in one tree against one server. */
export const APPLY_PLAN_FORMAT = 'conductor-plan/1'

export type ApplyAction = 'create' | 'update' | 'delete' | 'unchanged'

export interface ApplyItem {
  kind: DefinitionKind
  name: string
  version?: number
  action: ApplyAction
  /** where the definition was read (none for a deletion) */
  file?: string
  changedPaths: string[]
  /** fingerprint of the server's copy when planned (null: absent); apply refuses if it moved */
  target: string | null
  /** what is written (create and update) */
  document?: Json
  result?: RegisterAction
  error?: string
}

export interface ApplyPlan {
  format: typeof APPLY_PLAN_FORMAT
  /** server root, without /api */
  server: string
  /** the kinds the files hold: what --prune manages */
  kinds: DefinitionKind[]
  prune: boolean
  items: ApplyItem[]
  summary: Record<ApplyAction, number>
}

export interface PlanOptions {
  server: string
  /** list server objects of the managed kinds that no file holds, as deletions */
  prune: boolean
  /** limits what --prune may delete (by name); all when absent */
  match?: {test(name: string): boolean} | undefined
}

export interface FilesPlan {
  plan?: ApplyPlan
  /** load and validation problems (errors mean no plan: `plan` is then undefined) */
  report: ValidationReport
}

/**
 * Files → plan: loads every kind, fetches the server's copies while reading, validates (the
 * workflows schedules and event handlers start may be in the files or on the server), and plans.
 * With errors in the files there is no plan.
 */
export async function planFiles(
  inputs: string[],
  state: ServerState,
  options: PlanOptions & {stdin?: NodeJS.ReadableStream},
): Promise<FilesPlan> {
  const [{loadDefinitions}, {validateDefinitions}, {reportOf}] = await Promise.all([
    import('./load.js'),
    import('./validate.js'),
    import('./report.js'),
  ])
  const loaded = await loadDefinitions(inputs, {
    ...(options.stdin ? {stdin: options.stdin} : {}),
    onDefinition: (kind) => {
      state.prefetch(kind)
      if (kind === 'schedule' || kind === 'event-handler') state.prefetch('workflow')
    },
  })
  const errorsSoFar = loaded.problems.some((p) => p.severity === 'error')
  const serverState = errorsSoFar ? new Map<string, Json>() : await state.get(kindsToRead(loaded.definitions))
  const problems = [
    ...loaded.problems,
    ...(await validateDefinitions(
      loaded.definitions,
      errorsSoFar ? {} : {serverWorkflows: serverWorkflows(serverState)},
    )),
  ]
  const report = reportOf(loaded, problems)
  if (report.summary.errors > 0) return {report}
  if (loaded.definitions.length === 0) throw new CliError('invalid', 'No definitions found in the inputs')
  return {plan: await planDefinitions(loaded.definitions, serverState, options), report}
}

/** The kinds whose server copies a plan needs: those in the files, and workflows for what starts them. */
export function kindsToRead(defs: LoadedDefinition[]): Set<DefinitionKind> {
  const kinds = new Set(defs.map((d) => d.kind))
  if (kinds.has('schedule') || kinds.has('event-handler')) kinds.add('workflow')
  return kinds
}

/** name → versions of the server's workflows, from a state map (for the checks on what schedules start). */
export function serverWorkflows(state: Map<string, Json>): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>()
  for (const [key, doc] of state) {
    if (!key.startsWith('workflow:') || !isObject(doc)) continue
    const name = String(doc.name)
    out.set(name, (out.get(name) ?? new Set()).add(typeof doc.version === 'number' ? doc.version : 1))
  }
  return out
}

/**
 * Compares the files with the server (both normalised) and lists per object: create, update,
 * unchanged, and with `prune` delete for server objects of the kinds the files hold that no file
 * holds any more. Each item records a fingerprint of the server's copy, so an apply of this plan
 * later can refuse when the server moved in between.
 */
export async function planDefinitions(
  defs: LoadedDefinition[],
  state: Map<string, Json>,
  options: PlanOptions,
): Promise<ApplyPlan> {
  const managed = new Set(defs.map((d) => d.kind))
  const scoped = new Map([...state].filter(([key]) => managed.has(kindOfKey(key))))
  const comparisons = await compareWithServer(defs, scoped, {includeServerOnly: options.prune})
  const items: ApplyItem[] = []
  for (const c of comparisons) {
    if (c.status === 'only-on-server' && options.match && !options.match.test(c.name)) continue
    const action: ApplyAction =
      c.status === 'new'
        ? 'create'
        : c.status === 'changed'
          ? 'update'
          : c.status === 'only-on-server'
            ? 'delete'
            : 'unchanged'
    items.push({
      kind: c.kind,
      name: c.name,
      ...(c.kind === 'workflow' ? {version: c.version ?? 1} : {}),
      action,
      ...(c.definition ? {file: c.definition.file} : {}),
      changedPaths: c.changedPaths,
      target: fingerprint(c.kind, state.get(definitionKey(c.kind, c.name, c.version))),
      ...(action === 'create' || action === 'update' ? {document: c.definition?.doc as Json} : {}),
    })
  }
  items.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name) || (a.version ?? 0) - (b.version ?? 0))
  return {
    format: APPLY_PLAN_FORMAT,
    server: options.server,
    kinds: DEFINITION_KINDS.filter((k) => managed.has(k)),
    // a boolean flag not given is undefined: the plan says false rather than leave the field out
    prune: options.prune === true,
    items,
    summary: summaryOf(items),
  }
}

const order = (i: ApplyItem) => DEFINITION_KINDS.indexOf(i.kind)

export function summaryOf(items: ApplyItem[]): Record<ApplyAction, number> {
  const summary = {create: 0, update: 0, delete: 0, unchanged: 0}
  for (const i of items) summary[i.action]++
  return summary
}

export const changesOf = (plan: ApplyPlan): ApplyItem[] => plan.items.filter((i) => i.action !== 'unchanged')

/**
 * Applies a plan: reads the server again and refuses (conflict, nothing written) if any planned
 * object changed there since; then registers creates and updates (task definitions,
 * sub-workflows, workflows, event handlers, schedules) and deletes what the plan deletes.
 */
export async function applyPlan(
  client: ConductorClient,
  state: ServerState,
  plan: ApplyPlan,
  options: {onProgress?: (done: number, total: number) => void} = {},
): Promise<ApplyPlan> {
  const current = await state.get(new Set(plan.items.map((i) => i.kind)))
  const drifted = plan.items.filter(
    (i) => fingerprint(i.kind, current.get(definitionKey(i.kind, i.name, i.version))) !== i.target,
  )
  if (drifted.length > 0)
    throw new CliError(
      'conflict',
      `Nothing was applied: the server changed since the plan was made: ${drifted.map(label).join(', ')}`,
      {
        hint: 'Make a new plan (`conductor plan PATHS --out FILE`), review it, and apply that one.',
        details: {changed: drifted.map((i) => ({kind: i.kind, name: i.name, version: i.version}))},
      },
    )
  const writes = plan.items.filter((i) => i.action === 'create' || i.action === 'update')
  const defs = writes.map((i) => ({
    ...syntheticDefinition({...i, doc: i.document ?? {}}, i.file ?? '<plan>'),
  }))
  const comparisons = await compareWithServer(defs, current)
  const written = await registerComparisons(client, comparisons, {
    dryRun: false,
    ...(options.onProgress ? {onProgress: options.onProgress} : {}),
  })
  const deleted = await deleteDefinitions(
    client,
    plan.items.filter((i) => i.action === 'delete').map((i) => ({kind: i.kind, name: i.name, version: i.version})),
    {dryRun: false},
  )
  const byKey = new Map([...written, ...deleted].map((r) => [definitionKey(r.kind, r.name, r.version), r]))
  const items = plan.items.map((i): ApplyItem => {
    const r = byKey.get(definitionKey(i.kind, i.name, i.version))
    const {document: _document, ...rest} = i
    return {...rest, result: r?.action ?? 'unchanged', ...(r?.error ? {error: r.error} : {})}
  })
  return {...plan, items}
}

export function label(i: {kind: DefinitionKind; name: string; version?: number | undefined}): string {
  return `${i.kind} ${i.name}${i.kind === 'workflow' ? ` v${i.version ?? 1}` : ''}`
}

/** Reads a plan written by `conductor plan --out FILE`; anything else is refused. */
export function parseApplyPlan(text: string, file: string): ApplyPlan {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new CliError('invalid', `${file}: not JSON: ${(error as Error).message}`)
  }
  const plan = data as Partial<ApplyPlan>
  const ok =
    isObject(data as Json) &&
    plan.format === APPLY_PLAN_FORMAT &&
    typeof plan.server === 'string' &&
    Array.isArray(plan.items) &&
    plan.items.every(
      (i) =>
        (DEFINITION_KINDS as readonly string[]).includes(i.kind) &&
        typeof i.name === 'string' &&
        ['create', 'update', 'delete', 'unchanged'].includes(i.action) &&
        (i.target === null || typeof i.target === 'string') &&
        (!(i.action === 'create' || i.action === 'update') || isObject(i.document as Json)),
    )
  if (!ok)
    throw new CliError('invalid', `${file} is not a plan (${APPLY_PLAN_FORMAT})`, {
      hint: 'Write one with `conductor plan PATHS --out plan.json`.',
    })
  const items = plan.items as ApplyItem[]
  return {
    ...(plan as ApplyPlan),
    kinds: plan.kinds ?? [],
    prune: plan.prune ?? false,
    summary: summaryOf(items),
  }
}
