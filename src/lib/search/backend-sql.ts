import type {SearchBackend} from './types.js'
import type {CompiledSearch} from './compile.js'

/**
 * The SQL an index builds from a compiled search, for --explain: Conductor's SQLite and Postgres
 * index DAOs split `query` on " AND ", read each clause as FIELD (=|>|<|IN) VALUES, turn camelCase into
 * snake_case columns, sort the clauses by their SQL text and add free text last. Parameters are shown
 * inline, as SQL literals.
 */
export function backendQuery(search: CompiledSearch, backend: SearchBackend): string | undefined {
  if (backend !== 'sqlite' && backend !== 'postgres') return undefined
  const table = search.kind === 'workflow' ? 'workflow_index' : 'task_index'
  const clauses = search.query
    ? search.query.split(' AND ').map((text) => clause(text, backend))
    : ([] as {sql: string; shown: string}[])
  clauses.sort((a, b) => (a.sql < b.sql ? -1 : a.sql > b.sql ? 1 : 0))
  const where = clauses.map((c) => c.shown)
  if (search.freeText !== '*') where.push(freeText(search.freeText, backend))
  const order = search.sort
    .split('|')
    .map((entry) => {
      const [field = '', direction = 'ASC'] = entry.split(':')
      return `${snake(field)} ${direction}`
    })
    .join(', ')
  return `SELECT json_data FROM ${table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}`
}

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`
const snake = (camel: string): string => camel.replace(/\B([A-Z])/g, '_$1').toLowerCase()

function clause(text: string, backend: 'sqlite' | 'postgres'): {sql: string; shown: string} {
  const match = /([a-zA-Z]+)\s?(=|>|<|IN)\s?(.*)/.exec(text)
  const [, field = '', rawOp = '=', rest = ''] = match ?? []
  const column = snake(field)
  const values = rest.replace(/["'()]/g, '').split(',')
  const op = rawOp === 'IN' && values.length === 1 ? '=' : rawOp
  const first = values[0] ?? ''
  if (column.endsWith('_time')) {
    const at = new Date(Number(first))
    if (backend === 'postgres') {
      const iso = at.toISOString().replace(/\.?0+Z$/, 'Z')
      return {sql: `${column} ${op} ?::TIMESTAMPTZ`, shown: `${column} ${op} ${literal(iso)}::TIMESTAMPTZ`}
    }
    const utc = at.toISOString().replace('T', ' ').replace('Z', '')
    return {sql: `${column} ${op} ?`, shown: `${column} ${op} ${literal(utc)}`}
  }
  if (op === 'IN') {
    if (backend === 'postgres')
      return {sql: `${column} = ANY(?)`, shown: `${column} = ANY(${literal(`{${values.join(',')}}`)})`}
    return {
      sql: `${column} IN (${values.map(() => '?').join(',')})`,
      shown: `${column} IN (${values.map(literal).join(',')})`,
    }
  }
  if (op === '=' && first.includes('*')) {
    const pattern = literal(first.replace(/\*/g, '%'))
    return backend === 'postgres'
      ? {sql: `${column} LIKE ?`, shown: `${column} LIKE ${pattern}`}
      : {sql: `lower(${column}) LIKE lower(?)`, shown: `lower(${column}) LIKE lower(${pattern})`}
  }
  return {sql: `${column} ${op} ?`, shown: `${column} ${op} ${literal(first)}`}
}

function freeText(text: string, backend: 'sqlite' | 'postgres'): string {
  if (backend === 'sqlite') return `lower(json_data) LIKE ${literal(`%${text.toLowerCase()}%`)}`
  if (text.startsWith('{') && text.endsWith('}')) return `json_data @> ${literal(text)}::JSONB`
  return `jsonb_to_tsvector('english', json_data, '["all"]') @@ to_tsquery(${literal(text)})`
}
