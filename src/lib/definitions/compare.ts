import type {DefinitionKind} from './kind.js'
import type {LoadedDefinition} from './load.js'
import type {ServerTaskDef, ServerWorkflowDef} from './metadata.js'
import {isObject, type Json, type JsonObject, type ModelName} from './model.js'
import {normalise, normalisedEqual, wireBody} from './normalise.js'
import {formatPath} from './problems.js'

export type CompareStatus = 'new' | 'changed' | 'unchanged' | 'only-on-server'

export interface Comparison {
  kind: DefinitionKind
  name: string
  version: number | undefined
  status: CompareStatus
  /** JSON paths that differ, e.g. $.tasks[0].inputParameters.url */
  changedPaths: string[]
  /** normalised documents, for readable diffs */
  local?: Json
  server?: Json
  definition?: LoadedDefinition
}

export const definitionKey = (kind: string, name: string, version: number | undefined): string =>
  kind === 'workflow' ? `workflow:${name}:${version ?? 1}` : `${kind}:${name}`

/** The kind a definitionKey names. */
export function kindOfKey(key: string): DefinitionKind {
  const kind = key.slice(0, key.indexOf(':'))
  return kind === 'workflow' || kind === 'schedule' || kind === 'event-handler' ? kind : 'task'
}

/** Server definitions keyed like definitionKey. */
export function stateOf(
  workflows: ServerWorkflowDef[],
  tasks: ServerTaskDef[],
  schedules: JsonObject[] = [],
  handlers: JsonObject[] = [],
): Map<string, Json> {
  const state = new Map<string, Json>()
  for (const w of workflows) state.set(definitionKey('workflow', w.name, w.version), w)
  for (const t of tasks) state.set(definitionKey('task', t.name, undefined), t)
  for (const s of schedules) state.set(definitionKey('schedule', String(s.name), undefined), s)
  for (const h of handlers) state.set(definitionKey('event-handler', String(h.name), undefined), h)
  return state
}

async function changedPaths(local: Json, server: Json): Promise<string[]> {
  const {default: diff} = await import('microdiff')
  if (!isObject(local) || !isObject(server)) return ['$']
  return [...new Set(diff(local, server).map((d) => formatPath(d.path)))]
}

const MODEL_OF: Record<DefinitionKind, ModelName> = {
  workflow: 'workflowDef',
  task: 'taskDef',
  schedule: 'schedule',
  'event-handler': 'eventHandler',
}

/** The server model a kind of definition is stored as. */
export function modelOf(kind: DefinitionKind): ModelName {
  return MODEL_OF[kind]
}

/** Local definitions against the server's copies, both normalised (see normalise.ts). */
export async function compareWithServer(
  defs: LoadedDefinition[],
  state: Map<string, Json>,
  options: {includeServerOnly?: boolean} = {},
): Promise<Comparison[]> {
  const results: Comparison[] = []
  const seen = new Set<string>()
  for (const def of defs) {
    const key = definitionKey(def.kind, def.name, def.version)
    seen.add(key)
    const model = modelOf(def.kind)
    const body = wireBody(model, def.doc as Json)
    const remote = state.get(key)
    const base = {
      kind: def.kind,
      name: def.name,
      version: def.kind === 'workflow' ? (def.version ?? 1) : undefined,
      definition: def,
    }
    if (remote === undefined) {
      results.push(normalisedWhenRead({...base, status: 'new', changedPaths: []}, model, body))
      continue
    }
    // equal documents (the usual case) are told equal without building their normalised forms
    if (normalisedEqual(model, body, remote)) {
      results.push(normalisedWhenRead({...base, status: 'unchanged', changedPaths: []}, model, body, remote))
      continue
    }
    const local = normalise(model, body)
    const server = normalise(model, remote)
    // one walk tells whether they differ and where (JSON values: no difference means equal)
    const paths = await changedPaths(local, server)
    results.push({...base, local, server, status: paths.length === 0 ? 'unchanged' : 'changed', changedPaths: paths})
  }
  if (options.includeServerOnly) {
    for (const [key, remote] of state) {
      if (seen.has(key) || !isObject(remote)) continue
      const kind = kindOfKey(key)
      results.push({
        kind,
        name: String(remote.name),
        version: kind === 'workflow' ? Number(remote.version ?? 1) : undefined,
        status: 'only-on-server',
        changedPaths: [],
        server: normalise(modelOf(kind), remote),
      })
    }
  }
  return results
}

/** Sets `local` (and `server`) to be normalised on first read: most comparisons never show them. */
function normalisedWhenRead(c: Comparison, model: ModelName, body: Json, remote?: Json): Comparison {
  const lazily = (field: 'local' | 'server', doc: Json) => {
    let value: Json | undefined
    Object.defineProperty(c, field, {
      enumerable: true,
      configurable: true,
      get: () => (value ??= normalise(model, doc)),
      set: (v: Json) => (value = v),
    })
  }
  lazily('local', body)
  if (remote !== undefined) lazily('server', remote)
  return c
}
