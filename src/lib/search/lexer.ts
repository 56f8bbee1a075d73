import {CliError} from '../errors.js'

export type TokenType = 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma'

export interface Token {
  type: TokenType
  /** The text: for strings, without quotes and with escapes resolved. */
  text: string
  /** Offset in the input, for messages. */
  at: number
}

const OPERATOR = /^(==|!=|<>|>=|<=|=~|!~|=|>|<|~)/
// A bare word stops at spaces, quotes, parentheses, commas and operator characters ('!' only before '=').
const WORD = /^(?:[^\s=<>(),"'~!]|!(?![=~]))+/

/** Splits a query into tokens. Quoted strings ('…' or "…", with \ escapes) keep their spaces. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < input.length) {
    const rest = input.slice(i)
    const space = /^\s+/.exec(rest)
    if (space) {
      i += space[0].length
      continue
    }
    const c = rest[0] as string
    if (c === '"' || c === "'") {
      let text = ''
      let j = i + 1
      for (; j < input.length && input[j] !== c; j++) {
        if (input[j] === '\\' && j + 1 < input.length) j++
        text += input[j]
      }
      if (j >= input.length) throw syntax(input, i, `the quote ${c} opened here is never closed`)
      tokens.push({type: 'string', text, at: i})
      i = j + 1
      continue
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({type: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, at: i})
      i++
      continue
    }
    const op = OPERATOR.exec(rest)
    if (op) {
      tokens.push({type: 'op', text: op[0], at: i})
      i += op[0].length
      continue
    }
    const word = WORD.exec(rest)
    if (!word) throw syntax(input, i, `unexpected character ${JSON.stringify(c)}`)
    tokens.push({type: 'word', text: word[0], at: i})
    i += word[0].length
  }
  return tokens
}

/** A usage error that points at the place in the query. */
export function syntax(input: string, at: number, message: string, hint?: string): CliError {
  const pointer = input.length > 0 ? `\n  ${input}\n  ${' '.repeat(Math.min(at, input.length))}^` : ''
  return new CliError('usage', `Search query: ${message}${pointer}`, {hint: hint ?? QUERY_HINT})
}

export const QUERY_HINT =
  'Clauses are joined with "and", e.g. "status=FAILED and workflow=orders and since 48h". Operators: = > < >= <= in (...). ' +
  'See `conductor search --help` for the fields.'
