import {createRequire} from 'node:module'
import type {ErrorObject, ValidateFunction} from 'ajv'
import type {DefinitionKind} from './kind.js'
import type {ModelName} from './model.js'
import {schemaFile, schemaText} from './schema-files.js'
import type {Finding, PathSegment} from './problems.js'

export {schemaFile, schemaText}

export type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, unknown>
  definitions?: Record<string, JsonSchema>
}

const cache = new Map<DefinitionKind, Promise<JsonSchema>>()
export function loadSchema(kind: DefinitionKind): Promise<JsonSchema> {
  let schema = cache.get(kind)
  if (!schema) {
    schema = schemaText(kind).then((text) => JSON.parse(text) as JsonSchema)
    cache.set(kind, schema)
  }
  return schema
}

let validators: Promise<Record<DefinitionKind, ValidateFunction>> | undefined

/**
 * Both schemas' validators, once: the precompiled ones (schemas/validators.generated.cjs) when they
 * were generated from these very schema texts, else compiled now by ajv (loaded only then).
 */
function compiled(): Promise<Record<DefinitionKind, ValidateFunction>> {
  validators ??= (async () => (await precompiled()) ?? (await compileNow()))()
  return validators
}

type PrecompiledModule = {digest?: unknown} & Partial<Record<DefinitionKind, ValidateFunction>>

export async function precompiled(): Promise<Record<DefinitionKind, ValidateFunction> | undefined> {
  const {schemaDigest, schemaTexts, validatorsFile} = await import('./schema-code.js')
  // required, not imported: an import would first scan the whole 240 KB for its export names
  let loaded: PrecompiledModule | undefined
  try {
    loaded = createRequire(import.meta.url)(validatorsFile()) as PrecompiledModule
  } catch {
    loaded = undefined
  }
  if (!loaded || loaded.digest !== schemaDigest(await schemaTexts())) return undefined
  const {workflow, task, schedule} = loaded
  const handler = loaded['event-handler']
  if (!workflow || !task || !schedule || !handler) return undefined
  return {workflow, task, schedule, 'event-handler': handler}
}

export async function compileNow(): Promise<Record<DefinitionKind, ValidateFunction>> {
  const [{Ajv}, {default: addFormats}, {AJV_OPTIONS}, workflow, task, schedule, handler] = await Promise.all([
    import('ajv'),
    import('ajv-formats'),
    import('./schema-code.js'),
    loadSchema('workflow'),
    loadSchema('task'),
    loadSchema('schedule'),
    loadSchema('event-handler'),
  ])
  const ajv = new Ajv(AJV_OPTIONS)
  ;(addFormats as unknown as (a: typeof ajv) => void)(ajv)
  return {
    workflow: ajv.compile(workflow),
    task: ajv.compile(task),
    schedule: ajv.compile(schedule),
    'event-handler': ajv.compile(handler),
  }
}

/** The models (MODELS, model.ts) whose fields the workflow and task schemas list. */
export type SchemaModel = Extract<
  ModelName,
  | 'workflowDef'
  | 'workflowTask'
  | 'taskDef'
  | 'subWorkflowParams'
  | 'schemaDef'
  | 'cacheConfig'
  | 'rateLimitConfig'
  | 'stateChangeEvent'
>

/** Known field names per model, taken from the schemas (the single list of what the server reads). */
export async function knownFields(): Promise<Record<SchemaModel, Set<string>>> {
  const [workflow, task] = await Promise.all([loadSchema('workflow'), loadSchema('task')])
  const keys = (schema: JsonSchema | undefined) =>
    new Set(Object.keys((schema?.properties as object | undefined) ?? {}))
  const defs = workflow.definitions ?? {}
  return {
    workflowDef: keys(workflow),
    workflowTask: keys(defs.WorkflowTask),
    taskDef: keys(task),
    subWorkflowParams: keys(defs.SubWorkflowParams),
    schemaDef: keys(defs.SchemaDef),
    cacheConfig: keys(defs.CacheConfig),
    rateLimitConfig: keys(workflow.properties?.rateLimitConfig as JsonSchema),
    stateChangeEvent: keys(defs.StateChangeEvent),
  }
}

/** Keywords that come from the server's bean validation (which skips loopOver children, inline sub-workflows and embedded task definitions); type and enum mismatches break deserialisation everywhere. */
const BEAN_KEYWORDS = new Set(['required', 'minLength', 'minItems', 'minProperties', 'minimum', 'const', 'anyOf'])
const UNCHECKED_CONTAINERS = new Set(['loopOver', 'workflowDefinition', 'taskDefinition'])

export async function schemaFindings(kind: DefinitionKind, body: unknown): Promise<Finding[]> {
  const validate = (await compiled())[kind]
  if (validate(body)) return []
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if')
  // an anyOf failure is reported once, with its own description, not once per branch
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath + '/')
  const kept = errors.filter((e) => !anyOfs.some((prefix) => e.schemaPath.startsWith(prefix)))
  const seen = new Set<string>()
  const findings: Finding[] = []
  for (const error of kept) {
    const segments = pathOf(error)
    const message = messageOf(error)
    const key = `${segments.join('/')}|${message}`
    if (seen.has(key)) continue
    seen.add(key)
    const beanOnly =
      BEAN_KEYWORDS.has(error.keyword) && (error.keyword !== 'anyOf' || error.schemaPath.includes('/then'))
    const unchecked = beanOnly && segments.some((s) => typeof s === 'string' && UNCHECKED_CONTAINERS.has(s))
    findings.push({
      path: segments,
      rule: 'schema',
      severity: unchecked ? 'warning' : 'error',
      message: unchecked
        ? `${message} (the server does not check this part on register; it fails at run time)`
        : message,
    })
  }
  return findings
}

function pathOf(error: ErrorObject): PathSegment[] {
  const segments: PathSegment[] = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s, i, all) => (/^\d+$/.test(s) && isArrayIndex(all, i) ? Number(s) : s))
  if (error.keyword === 'required') segments.push((error.params as {missingProperty: string}).missingProperty)
  return segments
}

/** Numeric segments are array indexes except map keys (decisionCases has string keys like "1"). */
function isArrayIndex(all: string[], i: number): boolean {
  return all[i - 1] !== 'decisionCases' && all[i - 1] !== 'inputParameters'
}

function messageOf(error: ErrorObject): string {
  const parent = error.parentSchema as {description?: string} | undefined
  const found = (v: unknown) => (v === undefined ? '' : ` (found ${JSON.stringify(v)})`)
  const field = error.instancePath.split('/').at(-1) ?? ''
  const name = field === '' || /^\d+$/.test(field) ? 'value' : `"${field}"`
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty)
      return (
        `missing required field "${missing}"` +
        (parent?.description && /needs|requires/.test(parent.description) ? `: ${parent.description}` : '')
      )
    }
    case 'const':
      if (field === 'schemaVersion')
        return `schemaVersion must be 2: the server supports no other value${found(error.data)}`
      if (field === 'optional') return 'a TERMINATE task cannot be optional'
      return `${name} must be ${JSON.stringify(params.allowedValue)}${found(error.data)}`
    case 'enum':
      return `${name} must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}${found(error.data)}`
    case 'type':
      return `${name} must be ${article(String(params.type))}${found(error.data)}`
    case 'minItems':
      if (field === 'tasks') return 'tasks must not be empty: a workflow needs at least one task'
      return (
        `${name} must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` +
        (parent?.description ? ` — ${parent.description}` : '')
      )
    case 'minProperties':
      return (
        `${name} must have at least one entry` +
        (field === 'decisionCases' ? ': a SWITCH/DECISION needs at least one case' : '')
      )
    case 'minLength':
      return `${name} must not be empty`
    case 'minimum':
      return `${name} must be >= ${String(params.limit)}${found(error.data)}`
    case 'anyOf':
      return parent?.description ?? 'does not match any allowed form'
    case 'pattern':
      return `${name} must match ${String(params.pattern)}${found(error.data)}`
    default:
      return error.message ?? `fails ${error.keyword}`
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}
