import {AUDIT_FIELDS, MODELS, isObject, mapNested, type Json, type JsonObject, type ModelName} from './model.js'

/**
 * One definition in the form the server stores it, so that "equal" means "means the same":
 * nulls on model fields removed (the server reads them as 0/false), the server's defaults filled
 * in at every nesting level, audit fields and unknown fields (which the server drops) removed,
 * an inline sub-workflow's name/version taken from its definition (reference §3.5).
 * Free-form maps (inputParameters, variables, ...) are compared as written, nulls included.
 */
export function normalise(model: ModelName, doc: Json): Json {
  if (!isObject(doc)) return doc
  const spec = MODELS[model]
  const out: JsonObject = {}
  for (const [field, fallback] of Object.entries(spec.fields)) {
    if ((AUDIT_FIELDS as readonly string[]).includes(field)) continue
    const value = doc[field]
    if (value === undefined || value === null) {
      if (fallback !== undefined) out[field] = structuredClone(fallback)
      continue
    }
    const nesting = spec.nested[field]
    out[field] = nesting ? mapNested(nesting, value, normalise) : value
  }
  if (model === 'subWorkflowParams' && isObject(out.workflowDefinition)) {
    const inner = normalise('workflowDef', out.workflowDefinition) as JsonObject
    out.workflowDefinition = inner
    out.name = inner.name ?? null
    out.version = inner.version ?? 1
  }
  return sortKeys(out)
}

export const normaliseWorkflow = (doc: Json): Json => normalise('workflowDef', doc)
export const normaliseTask = (doc: Json): Json => normalise('taskDef', doc)

/** Stable key order, so that equal documents serialise identically (exports, diffs). */
export function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (!isObject(value)) return value
  const out: JsonObject = {}
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key] as Json)
  return out
}

/** Deep equality of two JSON values (key order ignored, list order significant). */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i] as Json))
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && jsonEqual(a[k] as Json, b[k] as Json))
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
  const spec = MODELS[model]
  const out: JsonObject = {}
  for (const [field, value] of Object.entries(doc)) {
    if (field === '$schema' && model !== 'schemaDef') continue
    if (value === null && field in spec.fields) continue
    const nesting = spec.nested[field]
    out[field] = nesting && value !== null ? mapNested(nesting, value, wireBody) : value
  }
  if (model === 'subWorkflowParams' && isObject(out.workflowDefinition)) out.workflowDefinition = wireBody('workflowDef', out.workflowDefinition)
  return out
}
