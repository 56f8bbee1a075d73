import {CliError} from '../errors.js'
import {
  closest,
  describeFields,
  FIELDS,
  findField,
  ID_FIELD,
  otherKind,
  statusesOf,
  suggestField,
  type FieldDef,
  type SearchKind,
} from './fields.js'
import {QUERY_HINT, syntax} from './lexer.js'
import {parseQuery, type Clause, type CompareOp, type Value} from './parser.js'
import {isoTime, parseTime, TIME_FORMS} from './time.js'
import type {SearchBackend} from './types.js'

/**
 * A filter the server cannot apply exactly, applied by the CLI to every page: `version` (not a column of
 * the index), or a wildcard value with _ or % (any character to SQL LIKE, so the server returns too much).
 */
export type ClientFilter =
  | {field: 'version'; op: CompareOp | 'in'; values: number[]}
  | {field: string; op: 'like'; pattern: string; caseSensitive: boolean}

/** What is sent to Conductor: the strict SQLite grammar of `query`, plus `freeText` and `sort`. */
export interface CompiledSearch {
  kind: SearchKind
  /** '' when there is no structured filter (the parameter is then not sent). */
  query: string
  /** '*' when there is no free-text filter. */
  freeText: string
  sort: string
  clientFilters: ClientFilter[]
  /** Each time in the query as resolved, for --explain. */
  times: {text: string; iso: string}[]
}

export interface CompileOptions {
  kind: SearchKind
  /** --text */
  text?: string | undefined
  /** --sort */
  sort?: string | undefined
  /** The clock for relative times (injected by tests). */
  now: number
  /** The index that answers (backend.ts); the SQLite grammar when not known. */
  backend?: SearchBackend | undefined
}

export const DEFAULT_SORT = 'startTime:DESC'
const DAY = 86_400_000

/** Parses and checks a query; refuses anything the server would drop or misread (nothing is sent). */
export function compileSearch(input: string, options: CompileOptions): CompiledSearch {
  const clauses = parseQuery(input)
  const parts: string[] = []
  const clientFilters: ClientFilter[] = []
  const times: CompiledSearch['times'] = []
  const postgres = options.backend === 'postgres'
  let freeText = options.text?.trim() ? checkText(options.text.trim(), '--text', postgres) : undefined

  for (const clause of clauses) {
    if (clause.kind === 'range') {
      const ms = time(input, clause.value, clause.keyword, options.now)
      times.push({text: `${clause.keyword} ${clause.value.text}`, iso: isoTime(ms)})
      parts.push(
        clause.keyword === 'since'
          ? `startTime>${ms - 1}`
          : clause.keyword === 'after'
            ? `startTime>${ms}`
            : `startTime<${ms}`,
      )
      continue
    }
    const field = resolveField(input, options.kind, clause)
    const op = clause.kind === 'in' ? 'in' : clause.op
    const values = clause.kind === 'in' ? clause.values : [clause.value]
    switch (field.type) {
      case 'text': {
        if (op !== '=')
          throw syntax(input, clause.at, `${clause.field} takes = only`, 'For example text="connection refused".')
        if (freeText !== undefined)
          throw syntax(
            input,
            clause.at,
            'free text is given twice (--text or text=)',
            'Conductor takes one free-text string per search.',
          )
        freeText = checkText((values[0] as Value).text.trim(), clause.field, postgres)
        break
      }
      case 'status': {
        onlyEquality(input, clause, op, field)
        const statuses = [...new Set(values.map((v) => status(input, options.kind, v)))]
        parts.push(emitEquality(field.name, statuses))
        break
      }
      case 'string': {
        onlyEquality(input, clause, op, field)
        const texts = [...new Set(values.map((v) => stringValue(input, v, op === 'in' && values.length > 1)))]
        parts.push(emitEquality(field.name, texts))
        const [only] = texts
        if (texts.length === 1 && only !== undefined && only.includes('*') && /[_%]/.test(only))
          clientFilters.push({field: field.name, op: 'like', pattern: only, caseSensitive: postgres})
        break
      }
      case 'time': {
        if (op === 'in')
          throw syntax(input, clause.at, `${clause.field} takes > < >= <= or =, not in`, `Times: ${TIME_FORMS}.`)
        const value = values[0] as Value
        const resolved = parseTime(value.text, options.now)
        if (!resolved) throw syntax(input, value.at, `"${value.text}" is not a time`, `Times: ${TIME_FORMS}.`)
        times.push({
          text: `${clause.field}${clause.kind === 'compare' ? clause.op : ''}${value.text}`,
          iso: isoTime(resolved.ms),
        })
        parts.push(...emitTime(field.name, op, resolved.ms, resolved.day))
        break
      }
      case 'version': {
        const numbers = values.map((v) => {
          if (!/^\d+$/.test(v.text.trim())) throw syntax(input, v.at, `version must be a whole number, not "${v.text}"`)
          return Number(v.text.trim())
        })
        clientFilters.push({field: 'version', op, values: numbers})
        break
      }
    }
  }
  // an unfinished execution's end time is the epoch in both SQL indexes: endTime<T alone would match it
  if (parts.some((p) => p.startsWith('endTime<')) && !parts.some((p) => p.startsWith('endTime>')))
    parts.push('endTime>0')
  return {
    kind: options.kind,
    query: parts.join(' AND '),
    freeText: freeText ?? '*',
    sort: compileSort(options.kind, options.sort),
    clientFilters,
    times,
  }
}

function resolveField(input: string, kind: SearchKind, clause: Exclude<Clause, {kind: 'range'}>): FieldDef {
  const field = findField(kind, clause.field)
  if (field) return field
  const where = kind === 'workflow' ? 'workflow search' : 'task search (--tasks)'
  if (findField(otherKind(kind), clause.field)) {
    const hint =
      kind === 'workflow'
        ? `"${clause.field}" is a task field: search tasks with --tasks. Workflow fields: ${describeFields(kind)}.`
        : `Task search cannot filter on "${clause.field}" (not a column of the task index). Task fields: ${describeFields(kind)}.`
    throw syntax(input, clause.at, `"${clause.field}" is not a field of ${where}`, hint)
  }
  const guess = suggestField(kind, clause.field)
  throw syntax(
    input,
    clause.at,
    `unknown field "${clause.field}"${guess ? ` (did you mean ${guess}?)` : ''}`,
    `Fields of ${where}: ${describeFields(kind)}. Operators: = > < >= <= in (...); also since/after/before TIME.`,
  )
}

function onlyEquality(
  input: string,
  clause: Exclude<Clause, {kind: 'range'}>,
  op: CompareOp | 'in',
  field: FieldDef,
): void {
  if (op === '=' || op === 'in') return
  throw syntax(
    input,
    clause.at,
    `${clause.field} takes = or in (...), not ${op}`,
    `Only times (startTime, endTime, updateTime) compare with > and <; ${field.aliases[0]} is matched exactly (or with * wildcards).`,
  )
}

function status(input: string, kind: SearchKind, value: Value): string {
  const known = statusesOf(kind)
  const text = value.text
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_')
  if (known.includes(text)) return text
  const guess = closest(text, known)
  throw syntax(
    input,
    value.at,
    `"${value.text}" is not a ${kind} status${guess ? ` (did you mean ${guess}?)` : ''}`,
    `${kind === 'workflow' ? 'Workflow' : 'Task'} statuses: ${known.join(', ')}.`,
  )
}

/** The server removes quotes and parentheses, splits on commas and on " AND ": such values cannot be searched. */
function stringValue(input: string, value: Value, inList: boolean): string {
  const text = value.text.trim()
  if (/["'()]/.test(text))
    throw syntax(input, value.at, `"${text}": quotes and parentheses cannot be searched (the server removes them)`)
  if (text.includes(','))
    throw syntax(
      input,
      value.at,
      `"${text}": a comma cannot be searched (the server splits values on commas)`,
      'For several values use in (a, b).',
    )
  if (/\sAND\s/.test(text))
    throw syntax(input, value.at, `"${text}": " AND " cannot appear in a value (the server splits the query on it)`)
  if (inList && text.includes('*'))
    throw syntax(
      input,
      value.at,
      `"${text}": wildcards work with = only, not in a list`,
      'Use field=prefix* for one pattern.',
    )
  if (inList && text === '') throw syntax(input, value.at, 'empty value in the list')
  return text
}

function checkText(text: string, what: string, postgres: boolean): string {
  if (text.length === 0) throw new CliError('usage', `${what}: empty free text`, {hint: QUERY_HINT})
  return postgres ? postgresText(text, what) : text
}

const PG_TEXT_HINT =
  'Postgres full-text search matches whole words (English stems, any case), not substrings: give words (letters, digits, - _ . @), or a JSON object that the summary contains.'

/**
 * The Postgres index hands free text to to_tsquery: words joined by <-> (in this order, next to each
 * other) is the phrase people mean; tsquery operators would make it something else, so they are refused.
 * A JSON object is a containment filter (json_data @> ...).
 */
function postgresText(text: string, what: string): string {
  if (text.startsWith('{')) {
    try {
      JSON.parse(text)
      return text
    } catch {
      throw new CliError(
        'usage',
        `${what}: ${text} is not valid JSON (the Postgres index reads {...} as a JSON object)`,
        {
          hint: PG_TEXT_HINT,
        },
      )
    }
  }
  const words = text.split(/\s+/)
  const bad = words.find((w) => !/^[\p{L}\p{N}][\p{L}\p{N}_.@-]*$/u.test(w))
  if (bad !== undefined) {
    const char = [...bad].find((c) => !/[\p{L}\p{N}_.@-]/u.test(c)) ?? bad[0]
    throw new CliError(
      'usage',
      `${what}: "${bad}" cannot be searched on the Postgres index (${JSON.stringify(char)} is a full-text query operator or punctuation)`,
      {hint: PG_TEXT_HINT},
    )
  }
  return words.join(' <-> ')
}

function emitEquality(name: string, values: string[]): string {
  return values.length === 1 ? `${name}="${values[0]}"` : `${name} IN (${values.join(',')})`
}

/** Only > and < exist on the server, with epoch milliseconds: >= t is > t-1, <= t is < t+1, = is a range. */
function emitTime(name: string, op: CompareOp, ms: number, day: boolean): string[] {
  switch (op) {
    case '>':
      return [`${name}>${ms}`]
    case '>=':
      return [`${name}>${ms - 1}`]
    case '<':
      return [`${name}<${ms}`]
    case '<=':
      return [`${name}<${ms + 1}`]
    case '=':
      return [`${name}>${ms - 1}`, `${name}<${ms + (day ? DAY : 1)}`]
  }
}

function time(input: string, value: Value, keyword: string, now: number): number {
  const resolved = parseTime(value.text, now)
  if (!resolved)
    throw syntax(input, value.at, `"${value.text}" after ${keyword} is not a time`, `Times: ${TIME_FORMS}.`)
  return resolved.ms
}

/** `startTime:desc, workflowType` → `startTime:DESC|workflowType:ASC|workflowId:ASC` (the id makes the order total). */
export function compileSort(kind: SearchKind, text: string | undefined): string {
  const sortable = FIELDS[kind].filter((f) => f.server && f.type !== 'text')
  const entries: string[] = []
  for (const raw of (text?.trim() ? text : DEFAULT_SORT).split(/[,|]/)) {
    const entry = raw.trim()
    if (!entry) continue
    const match = /^([a-z_.-]+)(?:\s*[:\s]\s*([a-z]+))?$/i.exec(entry)
    if (!match)
      throw new CliError('usage', `--sort ${JSON.stringify(entry)}: expected FIELD or FIELD:ASC|DESC`, {
        hint: 'For example --sort startTime:desc.',
      })
    const field = findField(kind, match[1] as string)
    if (!field || !sortable.includes(field)) {
      const guess = closest(
        match[1] as string,
        sortable.flatMap((f) => f.aliases),
      )
      throw new CliError(
        'usage',
        `--sort: cannot sort by "${match[1]}"${guess ? ` (did you mean ${findField(kind, guess)?.aliases[0] ?? guess}?)` : ''}`,
        {
          hint: `Sortable fields: ${sortable.map((f) => f.aliases[0]).join(', ')}.`,
        },
      )
    }
    const direction = (match[2] ?? 'asc').toUpperCase()
    if (direction !== 'ASC' && direction !== 'DESC')
      throw new CliError('usage', `--sort ${JSON.stringify(entry)}: the direction is asc or desc, not "${match[2]}"`)
    if (!entries.some((e) => e.startsWith(`${field.name}:`))) entries.push(`${field.name}:${direction}`)
  }
  const id = ID_FIELD[kind]
  if (!entries.some((e) => e.startsWith(`${id}:`))) entries.push(`${id}:ASC`)
  return entries.join('|')
}
