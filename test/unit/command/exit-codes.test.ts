import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {EXIT_CODE_DOCS, EXIT_CODES} from '../../../src/lib/errors.js'

/** The README's exit-code table is the code's table: same codes, same kinds, same words. */
describe('exit codes', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('## Exit codes'))
  const rows = [...section.matchAll(/^\| (\d+) \| `(\w+)` \| (.+) \|$/gm)].map((m) => ({
    code: Number(m[1]),
    kind: m[2],
    doc: m[3],
  }))

  it('lists every kind of the code, in order, with its code and its words', () => {
    expect(rows).toEqual(
      Object.entries(EXIT_CODES).map(([kind, code]) => ({
        code,
        kind,
        doc: EXIT_CODE_DOCS[kind as keyof typeof EXIT_CODES],
      })),
    )
  })

  it('gives distinct codes to a bug, a declined prompt, differences found and a partial failure', () => {
    const codes = [EXIT_CODES.bug, EXIT_CODES.declined, EXIT_CODES.differences, EXIT_CODES.partial]
    expect(new Set(codes).size).toBe(4)
    expect(new Set(Object.values(EXIT_CODES)).size).toBe(Object.keys(EXIT_CODES).length)
  })
})
