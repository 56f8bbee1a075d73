import type {JsonForm} from '../../src/lib/command/json-shapes.js'

/** A shape of src/lib/command/json-shapes.ts, parsed: `{a, b?: X, ...}`, `[X]`, or anything else (a scalar). */
export type Shape =
  | {type: 'object'; required: string[]; optional: string[]; open: boolean; fields: Record<string, Shape>}
  | {type: 'list'; element: Shape}
  | {type: 'scalar'}

/** Splits on commas that are not inside braces or brackets; throws on unbalanced ones. */
function topLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') depth--
    if (depth < 0) throw new Error(`unbalanced shape: ${text}`)
    if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim())
      start = i + 1
    }
  }
  if (depth !== 0) throw new Error(`unbalanced shape: ${text}`)
  parts.push(text.slice(start).trim())
  return parts.filter((p) => p !== '')
}

export function parseShape(text: string): Shape {
  const s = text.trim()
  if (s.startsWith('[')) {
    if (!s.endsWith(']')) throw new Error(`unbalanced shape: ${s}`)
    topLevel(s.slice(1, -1))
    return {type: 'list', element: parseShape(s.slice(1, -1))}
  }
  if (!s.startsWith('{')) {
    if (/[{}[\],]/.test(s)) throw new Error(`not a shape: ${s}`)
    return {type: 'scalar'}
  }
  if (!s.endsWith('}')) throw new Error(`unbalanced shape: ${s}`)
  const shape = {type: 'object' as const, required: [] as string[], optional: [] as string[], open: false, fields: {}}
  const fields: Record<string, Shape> = {}
  for (const part of topLevel(s.slice(1, -1))) {
    if (part === '...') {
      shape.open = true
      continue
    }
    const m = /^([$\w]+)(\?)?(?::\s*([\s\S]+))?$/.exec(part)
    if (!m) throw new Error(`not a field: "${part}" in ${s}`)
    const [, name = '', optional, type] = m
    if (shape.required.includes(name) || shape.optional.includes(name)) throw new Error(`${name} twice in ${s}`)
    ;(optional ? shape.optional : shape.required).push(name)
    fields[name] = type ? parseShape(type) : {type: 'scalar'}
  }
  return {...shape, fields}
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * What in a document does not fit the shape, at its top level (and, for a list, each element's top
 * level). An object may also carry `warnings` (json-shapes.ts). Empty when it fits.
 */
export function misfits(value: unknown, shape: Shape, where = '$'): string[] {
  if (shape.type === 'scalar') return []
  if (shape.type === 'list') {
    if (!Array.isArray(value)) return [`${where}: expected a list`]
    return value.flatMap((v, i) => misfits(v, shape.element, `${where}[${i}]`).slice(0, 5))
  }
  if (!isRecord(value)) return [`${where}: expected an object`]
  const out: string[] = []
  for (const key of shape.required) if (!(key in value)) out.push(`${where}: missing ${key}`)
  if (!shape.open)
    for (const key of Object.keys(value))
      if (key !== 'warnings' && !shape.required.includes(key) && !shape.optional.includes(key))
        out.push(`${where}: undeclared ${key}`)
  return out
}

/** The misfits against the form given by `when` (undefined: the usual form). */
export function misfitsForm(value: unknown, forms: readonly JsonForm[], when?: string): string[] {
  const form = forms.find((f) => f.when === when)
  if (!form) return [`no form${when ? ` "${when}"` : ''} declared`]
  return misfits(value, parseShape(form.shape))
}

/**
 * What in a failure document does not fit beside its `error`: what the command got done is a list
 * under `result` that fits one of the command's forms, or an object's fields at the top that fit one;
 * nothing else but `warnings`.
 */
export function misfitsBesideError(doc: Record<string, unknown>, forms: readonly JsonForm[]): string[] {
  const {error: _error, warnings: _warnings, result, ...rest} = doc
  const fitting = (value: unknown) => {
    const all = forms.map((f) => misfits(value, parseShape(f.shape)))
    return all.some((m) => m.length === 0) ? [] : (all[0] ?? ['no form declared'])
  }
  if (result !== undefined) {
    const extra = Object.keys(rest).map((k) => `$: ${k} beside result`)
    return [...extra, ...fitting(result)]
  }
  return Object.keys(rest).length === 0 ? [] : fitting(rest)
}
