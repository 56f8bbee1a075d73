import {describe, expect, it} from 'vitest'
import {mayHaveDuplicateKeys, parsedKeys, writtenKeys} from '../../../src/lib/definitions/duplicate-keys.js'
import {parseSource} from '../../../src/lib/definitions/parse.js'

const check = (text: string) => mayHaveDuplicateKeys(text, JSON.parse(text))
const parse = (file: string, text: string) => parseSource(file, new TextEncoder().encode(text))

describe('duplicate key check for JSON', () => {
  it('counts keys written and keys parsed alike for JSON without duplicates', () => {
    const text = '{"a": 1, "b" :\n {"c": [ {"d": null}, {"d": "x"} ]}, "e": []}'
    expect(writtenKeys(text)).toBe(6)
    expect(parsedKeys(JSON.parse(text))).toBe(6)
    expect(check(text)).toBe(false)
  })

  it('is not fooled by quotes, colons and braces inside strings', () => {
    for (const text of [
      '{"a": "x\\": 1, \\"a\\": 2"}',
      '["a", ": b"]',
      '{"k": "\\\\", "v": ":"}',
      '{"a\\"b": 1, "a": "{\\"a\\": 1}"}',
      '{"__proto__": 1, "p": {"__proto__": {}}}',
      '"just a string: yes"',
      '{"": 1, " ": 2}',
    ])
      expect(check(text), text).toBe(false)
  })

  it('finds a repeated key at any depth, also when spelled with escapes', () => {
    expect(check('{"a": 1, "a": 2}')).toBe(true)
    expect(check('{"x": [{"y": {"a": 1, "b": 2, "a": 3}}]}')).toBe(true)
    expect(check('{"a": 1, "\\u0061": 2}')).toBe(true)
    expect(check('[{"a": 1}, {"a": 1}]')).toBe(false)
  })
})

describe('parseSource for JSON', () => {
  it('reports a duplicate key with its exact position, however deep', async () => {
    const text =
      '{\n  "name": "w",\n  "tasks": [\n    {"name": "t", "taskReferenceName": "t",\n     "inputParameters": {"a": 1,\n        "a": 2}}\n  ]\n}\n'
    const {items, problems} = await parse('w.json', text)
    expect(items).toEqual([])
    expect(problems).toEqual([
      expect.objectContaining({
        rule: 'parse',
        severity: 'error',
        line: 6,
        column: 9,
        message: expect.stringMatching(/^duplicate key "a"/),
      }),
    ])
  })

  it('builds positions only when asked, and they are exact', async () => {
    const text =
      '[\n  {"name": "a", "tasks": [{"name": "t", "taskReferenceName": "t"}]},\n  {\n    "name": "b",\n    "retryCount": 1\n  }\n]'
    const {items, problems} = await parse('defs.json', text)
    expect(problems).toEqual([])
    expect(items.map((i) => i.pointer)).toEqual(['$[0]', '$[1]'])
    expect(items[1]!.locate(['retryCount'])).toEqual({line: 5, column: 5})
    expect(items[0]!.locate(['tasks', 0, 'taskReferenceName'])).toEqual({line: 2, column: 41})
    expect(items[0]!.locate([])).toEqual({line: 2, column: 3})
  })

  it('keeps values as JSON.parse reads them', async () => {
    const {items} = await parse('v.json', '{"name": "n", "big": 1.5e300, "s": "\\u00e9"}')
    expect(items[0]!.value).toEqual({name: 'n', big: 1.5e300, s: 'é'})
  })
})
