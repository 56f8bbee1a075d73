import {closeSync, fstatSync, openSync, readSync} from 'node:fs'
import {expandInputs, ioProblem, reason, STDIN} from './inputs.js'
import {unsafeIntegerMessage, unsafeIntegers, writtenExactly} from './exact-numbers.js'
import {classify, type DefinitionKind} from './kind.js'
import {parseSource, type Position} from './parse.js'
import {formatPath, type PathSegment, type Problem} from './problems.js'

export type {DefinitionKind} from './kind.js'

export interface LoadedDefinition {
  kind: DefinitionKind
  name: string
  version: number | undefined
  /**
   * Exactly what the user wrote, no field dropped or added (including `$schema` and explicit nulls).
   * Before sending it to a server use `wireBody()` from normalise.ts, which strips both.
   */
  doc: Record<string, unknown>
  file: string
  format: 'json' | 'yaml'
  /** JSON path of this definition inside its file: `$`, `$[3]`, `$.workflowDef`; `doc2:$` for the 2nd document of a YAML stream. */
  pointer: string
  /** Line and column of a path relative to the definition (the key, for object members). */
  locate(path: (string | number)[]): {line: number; column: number} | undefined
}

export interface LoadResult {
  definitions: LoadedDefinition[]
  problems: Problem[]
  /** Every file read (stdin shows as `<stdin>`), including those with problems. */
  files: string[]
}

export const STDIN_NAME = '<stdin>'
const YIELD_EVERY = 50

/** Files, folders, globs and `-` (stdin) → definitions with source positions, plus what went wrong on the way. */
export async function loadDefinitions(
  inputs: string[],
  options: {
    stdin?: NodeJS.ReadableStream
    only?: DefinitionKind
    /** Called for each definition loaded, e.g. to start fetching the server's copies of its kind. */ onDefinition?: (
      kind: DefinitionKind,
    ) => void
    /** Largest input read, per file and for stdin (default 32 MB, or CONDUCTOR_MAX_INPUT_MB). */
    maxInputBytes?: number
  } = {},
): Promise<LoadResult> {
  const expanded = await expandInputs(inputs)
  const problems = [...expanded.problems]
  const definitions: LoadedDefinition[] = []
  const files: string[] = []
  const cap = options.maxInputBytes ?? maxInputBytes()
  // definitions of the other kind found by walking folders: one warning for the whole run
  const walkedSkips = {
    definitions: 0,
    files: 0,
    kind: 'task' as DefinitionKind,
    first: undefined as Problem | undefined,
  }
  for (const [index, input] of expanded.files.entries()) {
    const file = input === STDIN ? STDIN_NAME : input
    files.push(file)
    // Small local files read fastest synchronously (a promise read costs ~10x more); yielding now
    // and then lets a request started by the caller (the server's definitions) go on meanwhile.
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve))
    let bytes: Uint8Array
    try {
      bytes = input === STDIN ? await readStream(options.stdin ?? process.stdin, cap) : readCapped(input, cap)
    } catch (error) {
      problems.push(ioProblem(file, error instanceof TooLarge ? error.message : reason(error)))
      continue
    }
    const parsed = await parseSource(file, bytes)
    problems.push(...parsed.problems)
    const skipped: {pointer: string; name: string; kind: DefinitionKind; position: () => Position | undefined}[] = []
    for (const item of parsed.items) {
      const at = (path: PathSegment[]): Partial<Position> => item.locate(path) ?? {}
      const plan = savedPlanFormat(item.value)
      if (plan) {
        // `plan . --out plan.json` leaves its plan among the definitions: found in a folder, it is passed over
        if (expanded.explicit.has(input))
          problems.push({
            file,
            ...at([]),
            path: '$',
            rule: 'shape',
            severity: 'error',
            message: `${item.pointer}: a saved plan (${plan}), not a definition: ${plan === 'conductor-plan/1' ? 'apply it with `conductor apply --plan FILE`' : 'apply it with `conductor promote --plan FILE`'}`,
          })
        continue
      }
      const found = classify(item.value, options.only)
      if (found.kind === 'unknown') {
        problems.push({
          file,
          ...at([]),
          path: '$',
          rule: 'shape',
          severity: 'error',
          message: `${item.pointer}: ${found.reason}`,
        })
        continue
      }
      let doc = item.value as Record<string, unknown>
      let pointer = item.pointer
      let locate = (path: (string | number)[]) => item.locate(path)
      let kind: DefinitionKind
      if (found.kind === 'start-request') {
        doc = doc.workflowDef as Record<string, unknown>
        pointer = item.pointer + '.workflowDef'
        locate = (path) => item.locate(['workflowDef', ...path])
        kind = 'workflow'
      } else kind = found.kind
      const name = typeof doc.name === 'string' ? doc.name : ''
      const version = kind === 'workflow' ? (typeof doc.version === 'number' ? doc.version : undefined) : undefined
      if (options.only && kind !== options.only) {
        skipped.push({
          pointer,
          name,
          kind,
          position: () => item.locate(found.kind === 'start-request' ? ['workflowDef'] : []),
        })
        continue
      }
      if (found.kind === 'start-request')
        problems.push({
          file,
          ...at([]),
          path: '$',
          rule: 'start-request',
          severity: 'warning',
          message: `${item.pointer} is a start-workflow request; validating the workflow definition in its workflowDef field`,
        })
      const prefix: PathSegment[] = found.kind === 'start-request' ? ['workflowDef'] : []
      for (const [value, path] of unsafeIntegers(doc)) {
        const written = item.literal([...prefix, ...path])
        if (writtenExactly(written, value)) continue
        problems.push({
          file,
          ...(locate(path) ?? {}),
          path: formatPath(path),
          rule: 'unsafe-integer',
          severity: 'error',
          message: `${formatPath(path)}: ${unsafeIntegerMessage(written, value)}`,
          definition: definitionLabel({name, version}),
        })
      }
      definitions.push({kind, name, version, doc, file, format: parsed.format, pointer, locate})
      options.onDefinition?.(kind)
    }
    const first = skipped[0]
    if (!first) continue
    const what =
      skipped.length === 1
        ? `${first.pointer} is a ${first.kind} definition${first.name ? ` (${first.name})` : ''}`
        : `${skipped.length} ${first.kind} definitions`
    const warning: Problem = {
      file,
      ...(first.position() ?? {}),
      path: '$',
      rule: 'wrong-kind',
      severity: 'warning',
      message: `${what} skipped: use \`${validateCommand(first.kind)}\``,
    }
    if (expanded.explicit.has(input)) problems.push(warning)
    else {
      walkedSkips.definitions += skipped.length
      walkedSkips.files++
      walkedSkips.kind = first.kind
      walkedSkips.first ??= warning
    }
  }
  const firstSkip = walkedSkips.first
  if (firstSkip) {
    const {kind} = walkedSkips
    problems.push({
      ...firstSkip,
      message: `${walkedSkips.definitions} ${kind} definition${walkedSkips.definitions === 1 ? '' : 's'} in ${walkedSkips.files} file${walkedSkips.files === 1 ? '' : 's'} found in folders skipped (this is the first): use \`${validateCommand(kind)}\` for them`,
    })
  }
  return {definitions, problems, files}
}

/** "name" or "name v2", as problems name their definition. */
export function definitionLabel(def: Pick<LoadedDefinition, 'name' | 'version'>): string {
  const name = def.name || '(unnamed)'
  return def.version === undefined ? name : `${name} v${def.version}`
}

export {formatPath}

/** The command that checks definitions of a kind (schedules and event handlers: `conductor plan`). */
function validateCommand(kind: DefinitionKind): string {
  return kind === 'workflow' || kind === 'task' ? `conductor ${kind} validate` : 'conductor plan'
}

const MB = 1024 * 1024
const DEFAULT_MAX_INPUT_MB = 32

/** The input cap: CONDUCTOR_MAX_INPUT_MB (a positive number) or 32 MB. */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.CONDUCTOR_MAX_INPUT_MB)
  return Math.floor((Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_INPUT_MB) * MB)
}

/** An input over the cap: a device or an endless stream (/dev/zero) would otherwise fill memory. */
class TooLarge extends Error {
  constructor(cap: number) {
    const size = cap >= MB ? `${Math.round(cap / MB)} MB` : `${Math.max(1, Math.round(cap / 1024))} KB`
    super(`larger than ${size}, the most read from one input; set CONDUCTOR_MAX_INPUT_MB to read more`)
  }
}

/** Reads a file (or a device, a FIFO) synchronously, at most `cap` bytes. */
function readCapped(path: string, cap: number): Uint8Array {
  const fd = openSync(path, 'r')
  try {
    const info = fstatSync(fd)
    if (info.isFile() && info.size > cap) throw new TooLarge(cap)
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(cap + 1 - total, info.isFile() ? Math.max(info.size, 1) : MB))
      const n = readSync(fd, chunk, 0, chunk.length, null)
      if (n === 0) break
      chunks.push(chunk.subarray(0, n))
      total += n
      if (total > cap) throw new TooLarge(cap)
    }
    return Buffer.concat(chunks, total)
  } finally {
    closeSync(fd)
  }
}

async function readStream(stream: NodeJS.ReadableStream, cap: number): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
    chunks.push(buffer)
    total += buffer.length
    if (total > cap) {
      ;(stream as NodeJS.ReadableStream & {destroy?: () => void}).destroy?.()
      throw new TooLarge(cap)
    }
  }
  return Buffer.concat(chunks)
}

/** The saved plans `plan --out` and `promote --out` write (their `format`), which are not definitions. */
const SAVED_PLAN_FORMATS = ['conductor-plan/1', 'conductor-promotion-plan/1']
function savedPlanFormat(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const format = (value as {format?: unknown}).format
  return typeof format === 'string' && SAVED_PLAN_FORMATS.includes(format) ? format : undefined
}
