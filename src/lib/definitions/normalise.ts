import {
  MODELS,
  SERVER_FIELDS,
  SHAPE_LEVELS,
  isObject,
  mapNested,
  storedNesting,
  type Json,
  type JsonObject,
  type ModelName,
  type Nesting,
  setOwn,
} from './model.js'

/**
 * One definition in the form the server stores it, so that "equal" means "means the same":
 * nulls on model fields removed (the server reads them as 0/false), the server's defaults filled
 * in at every nesting level, audit fields and unknown fields (which the server drops) removed,
 * an inline sub-workflow's name/version taken from its definition (reference §3.5).
 * Free-form maps (inputParameters, variables, ...) are compared as written, nulls included.
 */
export function normalise(model: ModelName, doc: Json): Json {
  if (!isObject(doc)) return doc
  const out: JsonObject = {}
  // fields in sorted order, each value sorted as it is built: the result comes out sorted, and no subtree is copied twice
  for (const [field, fallback] of sortedFields(model)) {
    const value = doc[field]
    if (value === undefined || value === null) {
      if (fallback !== undefined) out[field] = sortKeys(fallback)
      continue
    }
    const nesting = storedNesting(model, field)
    // models normalised (they come out sorted), anything else sorted as written
    out[field] = nesting ? mapNested(nesting, value, normalise, {other: sortKeys, sortMaps: true}) : sortKeys(value)
  }
  if (model === 'subWorkflowParams' && isObject(out.workflowDefinition)) {
    const inner = out.workflowDefinition
    out.name = inner.name ?? null
    out.version = inner.version ?? 1
    // every value is sorted already; only the keys just set need their place
    const sorted: JsonObject = {}
    for (const key of Object.keys(out).sort()) sorted[key] = out[key] as Json
    return sorted
  }
  return out
}

const fieldLists = new Map<ModelName, [string, Json | undefined][]>()
/** A model's fields less the audit fields, sorted by name (as sortKeys orders them), with their defaults. */
function sortedFields(model: ModelName): [string, Json | undefined][] {
  let fields = fieldLists.get(model)
  if (!fields) {
    fields = Object.entries(MODELS[model].fields)
      .filter(([field]) => !SERVER_FIELDS.includes(field))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    fieldLists.set(model, fields)
  }
  return fields
}

export const normaliseWorkflow = (doc: Json): Json => normalise('workflowDef', doc)
export const normaliseTask = (doc: Json): Json => normalise('taskDef', doc)

/** Stable key order, so that equal documents serialise identically (exports, diffs). */
export function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (!isObject(value)) return value
  const out: JsonObject = {}
  for (const key of Object.keys(value).sort()) setOwn(out, key, sortKeys(value[key] as Json))
  return out
}

/** Deep equality of two JSON values (key order ignored, list order significant). */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i] as Json))
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k] as Json, b[k] as Json))
    )
  }
  return false
}

/**
 * What we send: the user's document as written, less `$schema` (editor metadata) and less explicit
 * nulls on model fields (the server would store 0/false instead of its default). Every other field,
 * unknown ones included, goes to the server untouched.
 */
export function wireBody(model: ModelName, doc: Json): Json {
  if (!isObject(doc)) return doc
  const out: JsonObject = {}
  for (const [field, value] of Object.entries(doc)) {
    if (field === '$schema' && model !== 'schemaDef') continue
    if (value === null && Object.hasOwn(MODELS[model].fields, field)) continue
    if (model === 'workflowTask' && field === 'workflowTaskType' && typeof value === 'string') {
      // the server's setter for the enum alias sets `type`; whichever of the two comes last wins
      out.type = value
      continue
    }
    const nesting = storedNesting(model, field)
    setOwn(out, field, nesting && value !== null ? mapNested(nesting, value, wireBody) : value)
  }
  return out
}

/**
 * jsonEqual(normalise(model, a), normalise(model, b)) without building either, for the common
 * case of equal documents; `false` means "not shown equal here" (the caller then compares the
 * normalised documents, which decides).
 */
export function normalisedEqual(model: ModelName, a: Json, b: Json): boolean {
  if (!isObject(a) || !isObject(b)) return !isObject(a) && !isObject(b) && jsonEqual(a, b)
  // an inline sub-workflow names itself in the normalised form: compared in full
  if (model === 'subWorkflowParams' && (isObject(a.workflowDefinition) || isObject(b.workflowDefinition))) return false
  for (const [field, fallback] of sortedFields(model)) {
    const x = a[field]
    const y = b[field]
    const xAbsent = x === undefined || x === null
    const yAbsent = y === undefined || y === null
    if (xAbsent && yAbsent) continue
    if (xAbsent || yAbsent) {
      // the default on one side against a value on the other: rare, compared in full
      const value = (xAbsent ? y : x) as Json
      const nesting = storedNesting(model, field)
      if (fallback === undefined || !jsonEqual(fallback, nesting ? mapNested(nesting, value, normalise) : value))
        return false
      continue
    }
    const nesting = storedNesting(model, field)
    if (!(nesting ? nestedEqual(nesting, x as Json, y as Json) : jsonEqual(x as Json, y as Json))) return false
  }
  return true
}

/** normalisedEqual through a nested field's containers (the same shapes mapNested descends). */
function nestedEqual(nesting: Nesting, a: Json, b: Json): boolean {
  const levels = SHAPE_LEVELS[nesting.shape]
  const equal = (x: Json, y: Json, level: number): boolean => {
    const container = levels[level]
    if (container === undefined) return normalisedEqual(nesting.model, x, y)
    if (container === 'list')
      return Array.isArray(x) && Array.isArray(y)
        ? x.length === y.length && x.every((v, i) => equal(v, y[i] as Json, level + 1))
        : !Array.isArray(x) && !Array.isArray(y) && jsonEqual(x, y)
    if (!isObject(x) || !isObject(y)) return !isObject(x) && !isObject(y) && jsonEqual(x, y)
    const keys = Object.keys(x)
    return (
      keys.length === Object.keys(y).length &&
      keys.every((k) => Object.hasOwn(y, k) && equal(x[k] as Json, y[k] as Json, level + 1))
    )
  }
  return equal(a, b, 0)
}
