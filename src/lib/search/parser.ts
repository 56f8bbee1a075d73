import {syntax, tokenize, type Token} from './lexer.js'

/**
 * The query language, before fields are checked against an index:
 *
 *   query  := clause ( AND clause )*          AND in any case; && also accepted
 *   clause := field op value
 *           | field IN ( value , ... )         also field = (a, b)
 *           | SINCE|AFTER|BEFORE|UNTIL time    on startTime; time may be several words ("2 days")
 *   op     := = | == | > | < | >= | <=
 *   value  := word | 'quoted' | "quoted"
 */
export type CompareOp = '=' | '>' | '<' | '>=' | '<='
export type RangeKeyword = 'since' | 'after' | 'before' | 'until'

export interface Value {
  text: string
  quoted: boolean
  at: number
}

export type Clause =
  | {kind: 'compare'; field: string; at: number; op: CompareOp; value: Value}
  | {kind: 'in'; field: string; at: number; values: Value[]}
  | {kind: 'range'; keyword: RangeKeyword; at: number; value: Value}

const RANGE_WORDS = new Set<string>(['since', 'after', 'before', 'until'])
const OR_HINT =
  'Conductor search has no OR: use "field in (a, b)" for several values of one field, or run two searches.'
const NOT_HINT = 'Conductor search has no negation (no !=, NOT or NOT IN): list the values you want with "in (...)".'

export function parseQuery(input: string): Clause[] {
  const tokens = tokenize(input)
  const clauses: Clause[] = []
  let i = 0
  const peek = (offset = 0): Token | undefined => tokens[i + offset]
  const isWord = (t: Token | undefined, ...words: string[]) =>
    t?.type === 'word' && words.includes(t.text.toLowerCase())
  const end = () => input.length

  while (i < tokens.length) {
    clauses.push(clause())
    const next = peek()
    if (!next) break
    if (isWord(next, 'and', '&&')) {
      i++
      if (!peek()) throw syntax(input, next.at, `"${next.text}" at the end needs a clause after it`)
      continue
    }
    if (isWord(next, 'or', '||')) throw syntax(input, next.at, `OR is not supported`, OR_HINT)
    throw syntax(
      input,
      next.at,
      `expected "and" before ${JSON.stringify(next.text)}`,
      'Join clauses with "and"; quote values that contain spaces.',
    )
  }
  return clauses

  function clause(): Clause {
    const first = peek() as Token
    if (first.type !== 'word')
      throw syntax(input, first.at, `expected a field name, found ${JSON.stringify(first.text)}`)
    const word = first.text.toLowerCase()
    if (word === 'or' || word === '||') throw syntax(input, first.at, `OR is not supported`, OR_HINT)
    if (word === 'not' || word === '!') throw syntax(input, first.at, `NOT is not supported`, NOT_HINT)
    if (word === 'and' || word === '&&') throw syntax(input, first.at, `"${first.text}" needs a clause before it`)
    if (RANGE_WORDS.has(word) && peek(1)?.type !== 'op') return range(first, word as RangeKeyword)
    i++
    const op = peek()
    if (!op) {
      const colon = /^([a-z_.-]+):(.+)$/i.exec(first.text)
      if (colon)
        throw syntax(input, first.at, `"${first.text}": use = rather than :`, `For example ${colon[1]}=${colon[2]}.`)
      throw syntax(input, end(), `"${first.text}" needs an operator and a value, e.g. ${first.text}=VALUE`)
    }
    if (isWord(op, 'in')) {
      i++
      return {kind: 'in', field: first.text, at: first.at, values: list()}
    }
    if (isWord(op, 'not')) throw syntax(input, op.at, `NOT IN is not supported`, NOT_HINT)
    if (op.type !== 'op') {
      const colon = /^([a-z_.-]+):(.+)$/i.exec(first.text)
      if (colon)
        throw syntax(input, first.at, `"${first.text}": use = rather than :`, `For example ${colon[1]}=${colon[2]}.`)
      throw syntax(input, op.at, `expected an operator after "${first.text}" (one of = > < >= <= in)`)
    }
    i++
    if (op.text === '!=' || op.text === '<>')
      throw syntax(input, op.at, `the operator ${op.text} is not supported`, NOT_HINT)
    if (op.text.includes('~'))
      throw syntax(
        input,
        op.at,
        `the operator ${op.text} is not supported`,
        'There are no regular expressions; use * wildcards with =, e.g. workflow=order*.',
      )
    const compareOp = (op.text === '==' ? '=' : op.text) as CompareOp
    if (compareOp === '=' && peek()?.type === 'lparen')
      return {kind: 'in', field: first.text, at: first.at, values: list()}
    return {
      kind: 'compare',
      field: first.text,
      at: first.at,
      op: compareOp,
      value: value(`a value after ${first.text}${op.text}`),
    }
  }

  function value(what: string): Value {
    const t = peek()
    if (!t || (t.type !== 'word' && t.type !== 'string')) throw syntax(input, t?.at ?? end(), `expected ${what}`)
    if (t.type === 'word' && /^(and|&&)$/i.test(t.text)) throw syntax(input, t.at, `expected ${what}`)
    i++
    return {text: t.text, quoted: t.type === 'string', at: t.at}
  }

  function list(): Value[] {
    const open = peek()
    if (open?.type !== 'lparen')
      throw syntax(input, open?.at ?? end(), 'expected ( after in, e.g. status in (FAILED, TIMED_OUT)')
    i++
    const values: Value[] = []
    for (;;) {
      values.push(value('a value in the list'))
      const t = peek()
      if (t?.type === 'comma') {
        i++
        continue
      }
      if (t?.type === 'rparen') {
        i++
        return values
      }
      throw syntax(input, t?.at ?? end(), 'expected , or ) in the list')
    }
  }

  function range(first: Token, keyword: RangeKeyword): Clause {
    i++
    const parts: Token[] = []
    while (peek() && !isWord(peek(), 'and', '&&', 'or', '||')) {
      const t = peek() as Token
      if (t.type !== 'word' && t.type !== 'string')
        throw syntax(input, t.at, `unexpected ${JSON.stringify(t.text)} after ${first.text}`)
      parts.push(t)
      i++
    }
    const head = parts[0]
    if (!head) throw syntax(input, peek()?.at ?? end(), `"${first.text}" needs a time, e.g. ${keyword} 48h`)
    return {
      kind: 'range',
      keyword,
      at: first.at,
      value: {text: parts.map((p) => p.text).join(' '), quoted: parts.some((p) => p.type === 'string'), at: head.at},
    }
  }
}
