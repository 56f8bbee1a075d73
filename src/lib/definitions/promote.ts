import {createHash} from 'node:crypto'
import type {ConductorClient} from '../client/client.js'
import {CliError} from '../errors.js'
import {compareWithServer, definitionKey, modelOf} from './compare.js'
import {
  exportDocument,
  selectDefinitions,
  type ExportFilters,
  type ExportKind,
  type ServerDefinition,
} from './export.js'
import type {LoadedDefinition} from './load.js'
import {isObject, type Json} from './model.js'
import {normalise} from './normalise.js'
import {registerComparisons, type RegisterAction} from './register.js'
import {roundedOnRead} from './exact-numbers.js'
import {fetchServerState} from './server-state.js'

/** One side of a promotion, as recorded in a plan. */
export interface Endpoint {
  /** server root, without /api */
  server: string
  profile?: string
}

export type PlanAction = 'create' | 'update' | 'unchanged'

export interface PlanItem {
  kind: ExportKind
  name: string
  version?: number
  action: PlanAction
  /** JSON paths that differ between the source and the target (update only) */
  changedPaths: string[]
  /** fingerprint of the target's copy when planned (null: absent); apply refuses if it moved */
  target: string | null
  /** what is written to the target: the source copy less audit fields (create and update only) */
  document?: Json
  /** after apply: what happened */
  result?: RegisterAction
  error?: string
}

export interface PromotionPlan {
  format: typeof PLAN_FORMAT
  source: Endpoint
  target: Endpoint
  items: PlanItem[]
  /** definitions matching the filters that exist only on the target: left alone */
  targetOnly: {kind: ExportKind; name: string; version?: number}[]
  summary: {create: number; update: number; unchanged: number; targetOnly: number}
}

export const PLAN_FORMAT = 'conductor-promotion-plan/1'

const keyOf = (d: {kind: ExportKind; name: string; version?: number | undefined}) =>
  definitionKey(d.kind, d.name, d.version)

/** A stable digest of what a definition means (normalised), so "changed" ignores defaults and audit fields. */
export function fingerprint(kind: ExportKind, doc: Json | undefined): string | null {
  if (doc === undefined) return null
  return createHash('sha256')
    .update(JSON.stringify(normalise(modelOf(kind), doc)))
    .digest('hex')
    .slice(0, 32)
}

/** A server document dressed as a loaded file, so the register engine can compare and send it. */
export function syntheticDefinition(
  def: {kind: ExportKind; name: string; version?: number | undefined; doc: Json},
  origin: string,
): LoadedDefinition {
  const doc = (isObject(def.doc) ? def.doc : {}) as Record<string, unknown>
  return {
    kind: def.kind,
    name: def.name,
    version: def.kind === 'workflow' ? (def.version ?? 1) : undefined,
    doc,
    file: origin,
    format: 'json',
    pointer: '$',
    locate: () => undefined,
  }
}

/**
 * The diff of source against target for the selected definitions: only in the source → create,
 * different → update, equal (normalised) → unchanged. Definitions only on the target are listed.
 */
export async function planPromotion(
  source: Endpoint,
  target: Endpoint,
  sourceDefs: ServerDefinition[],
  targetDefs: ServerDefinition[],
  filters: ExportFilters,
  options: {keepSchedulesActive?: boolean} = {},
): Promise<PromotionPlan> {
  const selected = selectDefinitions(sourceDefs, filters)
  const rounded = selected.flatMap((d) => {
    const why = roundedOnRead(d.doc)
    return why ? [`${label(d)}: ${why}`] : []
  })
  if (rounded.length > 0)
    throw new CliError('invalid', `Nothing was promoted: ${rounded.join('; ')}`, {
      hint: 'Leave these definitions out (a NAMES argument or --name), or copy them with the server API.',
    })
  const targetState = new Map<string, Json>(targetDefs.map((d) => [keyOf(d), d.doc]))
  const synthetic = selected.map((d) =>
    syntheticDefinition(
      {
        ...d,
        doc: promotedDocument(
          d.kind,
          exportDocument(d.kind, d.doc),
          targetState.get(keyOf(d)),
          options.keepSchedulesActive ?? false,
        ),
      },
      `<${source.server}>`,
    ),
  )
  const comparisons = await compareWithServer(synthetic, targetState)
  const items = comparisons.map((c): PlanItem => {
    const action: PlanAction = c.status === 'new' ? 'create' : c.status === 'changed' ? 'update' : 'unchanged'
    return {
      kind: c.kind,
      name: c.name,
      ...(c.kind === 'workflow' ? {version: c.version ?? 1} : {}),
      action,
      changedPaths: c.changedPaths,
      target: fingerprint(c.kind, targetState.get(definitionKey(c.kind, c.name, c.version))),
      ...(action === 'unchanged' ? {} : {document: c.definition?.doc as Json}),
    }
  })
  const planned = new Set(items.map(keyOf))
  const targetOnly = selectDefinitions(targetDefs, filters)
    .filter((d) => !planned.has(keyOf(d)))
    .map((d) => ({kind: d.kind, name: d.name, ...(d.kind === 'workflow' ? {version: d.version ?? 1} : {})}))
  return {format: PLAN_FORMAT, source, target, items, targetOnly, summary: summaryOf(items, targetOnly.length)}
}

/**
 * A new schedule arrives paused (unless asked otherwise), so a promotion never starts workflows in
 * the target by surprise; `conductor schedule resume NAME` there starts it. A schedule the target
 * has already keeps the target's paused state: pausing and resuming are the target's business.
 */
export function promotedDocument(
  kind: ExportKind,
  doc: Json,
  target: Json | undefined,
  keepSchedulesActive: boolean,
): Json {
  if (kind !== 'schedule' || keepSchedulesActive || !isObject(doc)) return doc
  const {paused: _paused, pausedReason: _reason, ...rest} = doc
  if (isObject(target))
    return {
      ...rest,
      paused: target.paused === true,
      ...(typeof target.pausedReason === 'string' ? {pausedReason: target.pausedReason} : {}),
    }
  return {...rest, paused: true, pausedReason: 'promoted paused by conductor promote'}
}

function summaryOf(items: PlanItem[], targetOnly: number): PromotionPlan['summary'] {
  const summary = {create: 0, update: 0, unchanged: 0, targetOnly}
  for (const i of items) summary[i.action]++
  return summary
}

/** Planned items whose target copy is no longer what the plan saw. */
export function driftedItems(plan: PromotionPlan, targetState: Map<string, Json>): PlanItem[] {
  return plan.items.filter((i) => fingerprint(i.kind, targetState.get(keyOf(i))) !== i.target)
}

/**
 * Applies a plan to the target: re-reads the target first and refuses (conflict, nothing written)
 * if any planned definition changed there since the plan; then registers creates and updates in
 * dependency order (task definitions, sub-workflows, parents) through the register engine.
 */
export async function applyPromotion(
  client: ConductorClient,
  plan: PromotionPlan,
  options: {onProgress?: (done: number, total: number) => void} = {},
): Promise<PromotionPlan> {
  const kinds = new Set(plan.items.map((i) => i.kind))
  const state = await fetchServerState(client, kinds)
  const drifted = driftedItems(plan, state)
  if (drifted.length > 0)
    throw new CliError(
      'conflict',
      `Nothing was promoted: the target changed since the plan was made: ${drifted.map(label).join(', ')}`,
      {
        hint: 'Make a new plan (promote --dry-run) and review it, then apply again.',
        details: {changed: drifted.map((i) => ({kind: i.kind, name: i.name, version: i.version}))},
      },
    )
  const toWrite = plan.items.filter((i) => i.action !== 'unchanged')
  const defs = toWrite.map((i) => syntheticDefinition({...i, doc: i.document ?? {}}, `<${plan.source.server}>`))
  const comparisons = await compareWithServer(defs, state)
  const results = await registerComparisons(client, comparisons, {
    dryRun: false,
    ...(options.onProgress ? {onProgress: options.onProgress} : {}),
  })
  const byKey = new Map(results.map((r) => [keyOf(r), r]))
  const items = plan.items.map((i): PlanItem => {
    const r = byKey.get(keyOf(i))
    const {document: _document, ...rest} = i
    return {...rest, result: r?.action ?? 'unchanged', ...(r?.error ? {error: r.error} : {})}
  })
  return {...plan, items}
}

export function label(i: {kind: ExportKind; name: string; version?: number | undefined}): string {
  return `${i.kind} ${i.name}${i.kind === 'workflow' ? ` v${i.version ?? 1}` : ''}`
}

/** Reads a plan written by `promote --dry-run --json`; anything else is refused. */
export function parsePlan(text: string, file: string): PromotionPlan {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new CliError('invalid', `${file}: not JSON: ${(error as Error).message}`)
  }
  const plan = data as Partial<PromotionPlan>
  const ok =
    isObject(data as Json) &&
    plan.format === PLAN_FORMAT &&
    typeof plan.source?.server === 'string' &&
    typeof plan.target?.server === 'string' &&
    Array.isArray(plan.items) &&
    plan.items.every(
      (i) =>
        ['workflow', 'task', 'schedule', 'event-handler'].includes(i.kind) &&
        typeof i.name === 'string' &&
        ['create', 'update', 'unchanged'].includes(i.action) &&
        (i.target === null || typeof i.target === 'string') &&
        (i.action === 'unchanged' || isObject(i.document as Json)),
    )
  if (!ok)
    throw new CliError('invalid', `${file} is not a promotion plan (${PLAN_FORMAT})`, {
      hint: 'Write one with `conductor promote --from A --to B --dry-run --json > plan.json`.',
    })
  return {
    ...(plan as PromotionPlan),
    targetOnly: plan.targetOnly ?? [],
    summary: summaryOf(plan.items as PlanItem[], plan.targetOnly?.length ?? 0),
  }
}
