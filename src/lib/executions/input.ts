import {CliError} from '../errors.js'
import type {Json, JsonObject} from '../client/types.js'
import {isObject} from '../json.js'

/**
 * KEY=VALUE arguments (--input, --output, --task-input, variables) into one JSON object.
 * VALUE is JSON when it parses as JSON (3, true, null, {"a":1}, "quoted"), else the text itself;
 * `key=@file` takes the file's content (parsed for .json/.yaml/.yml); `@@text` is the literal "@text".
 * Dotted keys nest: a.b=1 gives {"a":{"b":1}}.
 */
export interface Assignment {
  path: string[]
  value: string
  text: string
}

export type FileReader = (path: string) => Promise<string>

const usage = (message: string, hint?: string) => new CliError('usage', message, {hint})

export function parseAssignment(text: string, flag: string): Assignment {
  const eq = text.indexOf('=')
  const example = `${flag} count=3, ${flag} user.name=ada or ${flag} doc=@file.json`
  if (eq <= 0) throw usage(`${flag} '${text}': expected KEY=VALUE`, `For example ${example}.`)
  const key = text.slice(0, eq)
  const path = key.split('.')
  if (path.some((segment) => segment.trim() === ''))
    throw usage(
      `${flag} '${text}': the key '${key}' has an empty part`,
      `Keys are names joined by dots, e.g. ${flag} user.name=ada.`,
    )
  return {path, value: text.slice(eq + 1), text}
}

/** A value as JSON when it is JSON, else as the string typed. */
export function parseScalar(raw: string): Json {
  if (raw.trim() === '') return raw
  try {
    return JSON.parse(raw) as Json
  } catch {
    return raw
  }
}

/** Sets target[a][b]… = value, creating objects on the way; refuses to go through a non-object. */
export function setPath(target: JsonObject, path: string[], value: Json, label: string): void {
  let node = target
  for (const [i, segment] of path.entries()) {
    if (i === path.length - 1) {
      node[segment] = value
      return
    }
    const next = node[segment]
    if (next === undefined) node = node[segment] = {}
    else if (isObject(next)) node = next
    else
      throw usage(
        `${label}: '${path.slice(0, i + 1).join('.')}' is already set to ${JSON.stringify(next)}, so it cannot hold '${path.slice(i + 1).join('.')}'`,
      )
  }
}

/** Content of a referenced file: structured for .json/.yaml/.yml (a parse error is a usage error), else text. */
export async function parseFileContent(content: string, file: string, label: string): Promise<Json> {
  const ext = file.toLowerCase().split('.').pop()
  if (ext === 'json') {
    try {
      return JSON.parse(content) as Json
    } catch (error) {
      throw usage(`${label}: ${file} is not valid JSON: ${(error as Error).message}`)
    }
  }
  if (ext === 'yaml' || ext === 'yml') {
    const {parse} = await import('yaml')
    try {
      return (parse(content) ?? null) as Json
    } catch (error) {
      throw usage(`${label}: ${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`)
    }
  }
  return content
}

async function readOrFail(read: FileReader, file: string, label: string): Promise<string> {
  try {
    return await read(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw usage(
      `${label}: cannot read ${file}${code === 'ENOENT' ? ' (no such file)' : `: ${code ?? (error as Error).message}`}`,
    )
  }
}

const readText: FileReader = async (file) => (await import('node:fs/promises')).readFile(file, 'utf8')

/** Resolves one VALUE: `@file` reads the file, `@@x` is the literal "@x", anything else parseScalar. */
export async function resolveValue(assignment: Assignment, flag: string, read: FileReader = readText): Promise<Json> {
  const {value} = assignment
  if (value.startsWith('@@')) return value.slice(1)
  if (value.startsWith('@')) {
    const file = value.slice(1)
    if (!file) throw usage(`${flag} '${assignment.text}': '@' must be followed by a file name`)
    const label = `${flag} ${assignment.path.join('.')}`
    return parseFileContent(await readOrFail(read, file, label), file, label)
  }
  return parseScalar(value)
}

/** All KEY=VALUE arguments of one flag, applied in order over `base` (a copy is made). */
export async function buildObject(
  texts: readonly string[],
  flag: string,
  options: {base?: JsonObject; read?: FileReader} = {},
): Promise<JsonObject> {
  const assignments = texts.map((t) => parseAssignment(t, flag))
  const result = structuredClone(options.base ?? {})
  for (const a of assignments) setPath(result, a.path, await resolveValue(a, flag, options.read), `${flag} ${a.text}`)
  return result
}

/** --input-file: a JSON or YAML object from a file, or from stdin when the name is '-'. */
export async function readObjectFile(
  file: string,
  flag: string,
  options: {read?: FileReader; stdin?: () => Promise<string>} = {},
): Promise<JsonObject> {
  let content: string
  let name = file
  if (file === '-') {
    const stdin = options.stdin ?? readStdin
    content = await stdin()
    name = 'stdin.yaml'
  } else {
    content = await readOrFail(options.read ?? readText, file, flag)
    if (!/\.(json|ya?ml)$/i.test(file)) name = `${file}.yaml`
  }
  const value = await parseFileContent(content, name, `${flag} ${file === '-' ? '(stdin)' : file}`)
  if (value === null && content.trim() === '') return {}
  if (!isObject(value))
    throw usage(
      `${flag} ${file === '-' ? '(stdin)' : file}: expected a JSON or YAML object (key: value pairs), got ${Array.isArray(value) ? 'a list' : typeof value === 'string' ? 'text' : JSON.stringify(value)}`,
    )
  return value
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw usage(
      '--input-file -: stdin is a terminal; pipe the input in, e.g. `echo \'{"a":1}\' | conductor run NAME --input-file -`',
    )
  const {text} = await import('node:stream/consumers')
  return text(process.stdin)
}

/** The workflow input of `run`: --input-file (or stdin) first, then each --input on top. */
export async function runInput(options: {
  inputFile?: string | undefined
  input?: readonly string[] | undefined
}): Promise<JsonObject> {
  const base = options.inputFile === undefined ? {} : await readObjectFile(options.inputFile, '--input-file')
  return buildObject(options.input ?? [], '--input', {base})
}
