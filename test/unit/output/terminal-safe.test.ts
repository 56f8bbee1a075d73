import {describe, expect, it} from 'vitest'
import {toCsv, toTable} from '../../../src/lib/output/formats.js'
import {escapeControl, terminalSafe} from '../../../src/lib/output/terminal-safe.js'

const evil = 'a\u001b]0;title\u0007b\u001b[2Jc\u202ed\u009be'
// eslint-disable-next-line no-control-regex
const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/

describe('control characters in human output and CSV (issue 14, item 18)', () => {
  it('escapes C0, DEL, C1 and bidi overrides visibly, keeping tabs and newlines', () => {
    expect(escapeControl(evil)).toBe('a\\x1b]0;title\\x07b\\x1b[2Jc\\u202ed\\x9be')
    expect(escapeControl('x\ty\nz')).toBe('x\ty\nz')
  })

  it('keeps colour (SGR) sequences in lines and escapes everything else', () => {
    expect(terminalSafe('\u001b[31mred\u001b[0m')).toBe('\u001b[31mred\u001b[0m')
    expect(terminalSafe(`\u001b[1m${evil}\u001b[22m`)).toBe(`\u001b[1m${escapeControl(evil)}\u001b[22m`)
  })

  const rows = [{name: evil, n: 1}]
  const columns = [
    {header: 'Name', get: (r: (typeof rows)[number]) => r.name},
    {header: 'N', get: (r: (typeof rows)[number]) => r.n},
  ]
  it('tables (TTY and piped) and CSV carry no raw control character', async () => {
    for (const tty of [true, false]) {
      const text = await toTable(rows, columns, {tty, width: 120})
      expect(text).toContain('\\x1b]0;title')
      // the TTY table's own colours are off under NO_COLOR; remove them in case they are on
      // eslint-disable-next-line no-control-regex
      expect(text.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(raw)
    }
    const csv = toCsv(rows, columns)
    expect(csv).toContain('\\x1b[2J')
    expect(csv).not.toMatch(raw)
  })
})
