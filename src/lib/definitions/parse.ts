import {createRequire} from 'node:module'
import {mayHaveDuplicateKeys} from './duplicate-keys.js'
import type {Problem, PathSegment} from './problems.js'

export type SourceFormat = 'json' | 'yaml'

export interface Position {
  line: number
  column: number
}

/** One top-level value of a file: a whole document, or an element of a top-level array. */
export interface ParsedItem {
  value: unknown
  /** Where the item sits in its file, e.g. `$`, `$[3]`, or `doc2:$` in a multi-document YAML stream. */
  pointer: string
  /** Finds the line and column of a path inside this item (the key for object members). */
  locate(path: readonly PathSegment[]): Position | undefined
  /** The text of the scalar written at a path (e.g. a number as written), when it can be found. */
  literal(path: readonly PathSegment[]): string | undefined
}

export interface ParsedSource {
  format: SourceFormat
  items: ParsedItem[]
  problems: Problem[]
}

type YamlModule = typeof import('yaml')

let yamlModule: YamlModule | undefined
/**
 * The yaml parser, loaded on first use: YAML files need it, JSON files only to locate a problem
 * (~20 ms of start-up saved when every file is valid JSON). Synchronous, as positions are asked for
 * synchronously; `yaml` resolves to the same CommonJS build for import and require.
 */
function yaml(): YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule
  return yamlModule
}
type YamlNode = import('yaml').Node | import('yaml').Pair | null | undefined

export function formatOf(file: string, text: string): SourceFormat {
  if (/\.json$/i.test(file)) return 'json'
  if (/\.ya?ml$/i.test(file)) return 'yaml'
  return /^\s*[[{]/.test(text) ? 'json' : 'yaml'
}

/** Bytes → items with source positions, or one 'parse' problem. JSON goes through JSON.parse for its values and through yaml for positions, when one is asked for. */
export async function parseSource(file: string, bytes: Uint8Array): Promise<ParsedSource> {
  const parseProblem = (message: string, pos?: Position): Problem => ({
    file,
    ...(pos ? {line: pos.line, column: pos.column} : {}),
    path: '$',
    rule: 'parse',
    severity: 'error',
    message,
  })
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    return {
      format: formatOf(file, ''),
      items: [],
      problems: [
        parseProblem('binary file (contains NUL bytes); expected JSON or YAML text', byteOffsetToPosition(bytes, nul)),
      ],
    }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes)
  } catch {
    const bad = firstInvalidUtf8(bytes)
    return {
      format: formatOf(file, ''),
      items: [],
      problems: [parseProblem('not valid UTF-8 text', byteOffsetToPosition(bytes, bad))],
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = ' ' + text.slice(1) // keep offsets: a BOM becomes one space
  const format = formatOf(file, text)
  if (text.trim() === '') return {format, items: [], problems: [parseProblem('empty file')]}
  const tooDeep = depthExceeded(text, MAX_DEPTH)
  if (tooDeep !== undefined)
    return {
      format,
      items: [],
      problems: [parseProblem(`nesting deeper than ${MAX_DEPTH} levels`, offsetToPosition(text, tooDeep))],
    }
  try {
    return format === 'json' ? parseJson(text, parseProblem) : parseYaml(text, parseProblem)
  } catch (error) {
    if (error instanceof RangeError)
      return {format, items: [], problems: [parseProblem(`too deeply nested to read (${error.message})`)]}
    throw error
  }
}

function parseJson(text: string, parseProblem: (m: string, p?: Position) => Problem): ParsedSource {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const message = (error as Error).message
    const at = /position (\d+)/.exec(message)
    // Node 20 names no position for some errors: the yaml parser (JSON is YAML 1.2) finds one
    const offset = at
      ? Number(at[1])
      : /end of JSON input/.test(message)
        ? text.length
        : yaml().parseDocument(text, {version: '1.2'}).errors[0]?.pos[0]
    const clean = message
      .replace(/^JSON\.parse: /, '')
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/ \(line \d+ column \d+\)$/, '')
      .replace(/\s*\n\s*/g, ' ')
    return {
      format: 'json',
      items: [],
      problems: [
        parseProblem(`invalid JSON: ${clean}`, offset === undefined ? undefined : offsetToPosition(text, offset)),
      ],
    }
  }
  // yaml is only the position finder (and names a duplicate key): its document is built when a position is asked for
  const positions = lazy(() => jsonPositions(text))
  if (mayHaveDuplicateKeys(text, value)) {
    const {duplicate, lineCounter} = positions()
    if (duplicate) {
      return {
        format: 'json',
        items: [],
        problems: [
          parseProblem(
            `duplicate key ${keyAt(text, duplicate.pos[0])}: ${firstLine(duplicate.message)}`,
            toPosition(lineCounter, duplicate.pos[0]),
          ),
        ],
      }
    }
  }
  return {format: 'json', items: splitItems(value, positions, ''), problems: []}
}

interface PositionIndex {
  root: YamlNode
  lineCounter: import('yaml').LineCounter
  text: string
  duplicate?: import('yaml').YAMLError
}

/** JSON text as a yaml document (JSON is YAML 1.2); if yaml cannot read it, values stay right and positions are lost. */
function jsonPositions(text: string): PositionIndex {
  const lineCounter = new (yaml().LineCounter)()
  let doc: import('yaml').Document.Parsed
  try {
    doc = yaml().parseDocument(text, {lineCounter, uniqueKeys: true, version: '1.2'})
  } catch (error) {
    if (error instanceof RangeError) return {root: undefined, lineCounter, text}
    throw error
  }
  const duplicate = doc.errors.find((e) => e.code === 'DUPLICATE_KEY')
  return {
    root: doc.errors.length === 0 ? doc.contents : undefined,
    lineCounter,
    text,
    ...(duplicate ? {duplicate} : {}),
  }
}

/** Computes once, on the first call. */
function lazy<T>(make: () => T): () => T {
  let made: {value: T} | undefined
  return () => (made ??= {value: make()}).value
}

function parseYaml(text: string, parseProblem: (m: string, p?: Position) => Problem): ParsedSource {
  const lineCounter = new (yaml().LineCounter)()
  const parsed = yaml().parseAllDocuments(text, {lineCounter, uniqueKeys: true, version: '1.2'})
  const docs = Array.isArray(parsed) ? parsed : []
  const problems: Problem[] = []
  const items: ParsedItem[] = []
  const nonEmpty = docs.filter((d) => d.contents !== null || d.errors.length > 0)
  nonEmpty.forEach((doc, index) => {
    const error = doc.errors[0]
    if (error) {
      const what = error.code === 'DUPLICATE_KEY' ? `duplicate key ${keyAt(text, error.pos[0])}` : 'invalid YAML'
      problems.push(parseProblem(`${what}: ${firstLine(error.message)}`, toPosition(lineCounter, error.pos[0])))
      return
    }
    let value: unknown
    try {
      value = doc.toJS({maxAliasCount: 1000})
    } catch (e) {
      problems.push(parseProblem(`invalid YAML: ${(e as Error).message}`, toPosition(lineCounter, doc.range[0])))
      return
    }
    if (value === null || value === undefined) return
    const found: PositionIndex = {root: doc.contents, lineCounter, text}
    items.push(...splitItems(value, () => found, nonEmpty.length > 1 ? `doc${index + 1}:` : ''))
  })
  if (items.length === 0 && problems.length === 0)
    problems.push(parseProblem('empty file (no YAML document with content)'))
  return {format: 'yaml', items, problems}
}

/** Top-level items; each finds positions in the index, which is asked for only when a position is. */
function splitItems(value: unknown, positions: () => PositionIndex, prefix: string): ParsedItem[] {
  const make = (v: unknown, nodeOf: (root: YamlNode) => YamlNode, pointer: string): ParsedItem => ({
    value: v,
    pointer: prefix + pointer,
    locate: (path) => {
      const {root, lineCounter} = positions()
      return locateIn(nodeOf(root), path, lineCounter)
    },
    literal: (path) => {
      const {root, text} = positions()
      const node = nodeAt(nodeOf(root), path)
      return yaml().isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined
    },
  })
  if (!Array.isArray(value)) return [make(value, (root) => root, '$')]
  return value.map((v, i) =>
    make(v, (root) => (yaml().isSeq(root) ? (root.items[i] as YamlNode) : undefined), `$[${i}]`),
  )
}

function locateIn(
  root: YamlNode,
  path: readonly PathSegment[],
  lineCounter: import('yaml').LineCounter,
): Position | undefined {
  let node: unknown = root
  let offset = rangeStart(root)
  for (const segment of path) {
    if (yaml().isMap(node)) {
      const pair = node.items.find((p) => String(yaml().isScalar(p.key) ? p.key.value : p.key) === String(segment))
      if (!pair) break
      offset = rangeStart(pair.key as YamlNode) ?? offset
      node = pair.value
    } else if (yaml().isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as YamlNode
      if (!item) break
      offset = rangeStart(item) ?? offset
      node = item
    } else break
  }
  return offset === undefined ? undefined : toPosition(lineCounter, offset)
}

/** The node at a path, or undefined when the path is not there. */
function nodeAt(root: YamlNode, path: readonly PathSegment[]): unknown {
  let node: unknown = root
  for (const segment of path) {
    if (yaml().isMap(node)) {
      const pair = node.items.find((p) => String(yaml().isScalar(p.key) ? p.key.value : p.key) === String(segment))
      if (!pair) return undefined
      node = pair.value
    } else if (yaml().isSeq(node) && typeof segment === 'number') node = node.items[segment]
    else return undefined
  }
  return node
}

function rangeStart(node: YamlNode): number | undefined {
  return node && 'range' in node && node.range ? node.range[0] : undefined
}

function toPosition(lineCounter: import('yaml').LineCounter, offset: number): Position {
  const {line, col} = lineCounter.linePos(offset)
  return {line, column: col}
}

/** The key written at an offset, quoted, for messages: `"name"`. */
function keyAt(text: string, offset: number): string {
  const match = /^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s:,{}[\]]+))/.exec(text.slice(offset, offset + 200))
  return JSON.stringify(match?.[1] ?? match?.[2] ?? match?.[3] ?? '?')
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '')
}

export function offsetToPosition(text: string, offset: number): Position {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return {line, column: offset - lineStart + 1}
}

function byteOffsetToPosition(bytes: Uint8Array, offset: number): Position {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++
      lineStart = i + 1
    }
  }
  return {line, column: offset - lineStart + 1}
}

/** Byte offset of the first malformed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i] as number
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1
    if (need < 0) return i
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
    }
    i += need + 1
  }
  return bytes.length
}

/** No real definition nests this deep; deeper input would exhaust the stack of the parsers and checks. */
const MAX_DEPTH = 256

/** Offset where bracket nesting (outside strings) first exceeds `limit`, or undefined. Iterative, so any input is safe. */
function depthExceeded(text: string, limit: number): number | undefined {
  let depth = 0
  let quote: string | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = undefined
    } else if (c === '"' || (c === "'" && /[\s,[{:]/.test(text[i - 1] ?? ' '))) quote = c
    else if (c === '{' || c === '[') {
      if (++depth > limit) return i
    } else if (c === '}' || c === ']') depth--
  }
  return undefined
}
