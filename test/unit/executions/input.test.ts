import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {CliError} from '../../../src/lib/errors.js'
import {
  buildObject,
  parseAssignment,
  parseScalar,
  readObjectFile,
  runInput,
  setPath,
} from '../../../src/lib/executions/input.js'

const usage = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(CliError)
    expect((error as CliError).kind).toBe('usage')
    return (error as CliError).message
  }
  throw new Error('expected a usage error')
}

describe('parseScalar', () => {
  it('reads JSON when the value is JSON, else keeps the text', () => {
    expect(parseScalar('3')).toBe(3)
    expect(parseScalar('-1.5')).toBe(-1.5)
    expect(parseScalar('true')).toBe(true)
    expect(parseScalar('null')).toBe(null)
    expect(parseScalar('{"a":1}')).toEqual({a: 1})
    expect(parseScalar('[1,"x"]')).toEqual([1, 'x'])
    expect(parseScalar('"007"')).toBe('007')
    expect(parseScalar('hello world')).toBe('hello world')
    expect(parseScalar('007x')).toBe('007x')
    expect(parseScalar('')).toBe('')
    expect(parseScalar('  ')).toBe('  ')
  })
})

describe('parseAssignment', () => {
  it('splits at the first = and keeps = in the value', () => {
    expect(parseAssignment('a=b=c', '--input')).toEqual({path: ['a'], value: 'b=c', text: 'a=b=c'})
    expect(parseAssignment('a.b.c=1', '--input').path).toEqual(['a', 'b', 'c'])
    expect(parseAssignment('k=', '--input').value).toBe('')
  })

  it('names the flag and the argument when the syntax is wrong', () => {
    expect(usage(() => parseAssignment('novalue', '--input'))).toBe("--input 'novalue': expected KEY=VALUE")
    expect(usage(() => parseAssignment('=1', '--output'))).toContain("--output '=1'")
    expect(usage(() => parseAssignment('a..b=1', '--input'))).toContain('empty part')
    expect(usage(() => parseAssignment('.a=1', '--input'))).toContain('empty part')
  })
})

describe('setPath', () => {
  it('creates nested objects and refuses to go through a scalar', () => {
    const target = {}
    setPath(target, ['a', 'b'], 1, 'x')
    setPath(target, ['a', 'c'], 2, 'x')
    expect(target).toEqual({a: {b: 1, c: 2}})
    expect(usage(() => setPath({a: 1}, ['a', 'b'], 2, '--input a.b=2'))).toContain("'a' is already set to 1")
  })
})

describe('buildObject', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conductor-input-'))
  writeFileSync(join(dir, 'doc.json'), '{"n": [1, 2]}')
  writeFileSync(join(dir, 'doc.yaml'), 'name: ada\ntags: [a, b]\n')
  writeFileSync(join(dir, 'note.txt'), 'plain text\n')
  writeFileSync(join(dir, 'bad.json'), '{nope')

  it('applies assignments in order, nesting dotted keys; later ones win', async () => {
    expect(await buildObject(['a=1', 'b.c=true', 'b.d=x', 'a=2'], '--input')).toEqual({a: 2, b: {c: true, d: 'x'}})
  })

  it('reads @file: parsed for .json and .yaml, text otherwise', async () => {
    const obj = await buildObject(
      [`j=@${join(dir, 'doc.json')}`, `y=@${join(dir, 'doc.yaml')}`, `t=@${join(dir, 'note.txt')}`, 'at=@@home'],
      '--input',
    )
    expect(obj).toEqual({j: {n: [1, 2]}, y: {name: 'ada', tags: ['a', 'b']}, t: 'plain text\n', at: '@home'})
  })

  it('fails with a usage error naming the file when it is missing or malformed', async () => {
    await expect(buildObject([`x=@${join(dir, 'missing.json')}`], '--input')).rejects.toMatchObject({
      kind: 'usage',
      message: expect.stringContaining('no such file'),
    })
    await expect(buildObject([`x=@${join(dir, 'bad.json')}`], '--input')).rejects.toMatchObject({
      kind: 'usage',
      message: expect.stringContaining('not valid JSON'),
    })
  })

  it('merges over a base without changing it', async () => {
    const base = {keep: 1, a: {b: 1}}
    expect(await buildObject(['a.c=2'], '--task-input', {base})).toEqual({keep: 1, a: {b: 1, c: 2}})
    expect(base).toEqual({keep: 1, a: {b: 1}})
  })

  it('checks every argument before reading any file', async () => {
    await expect(buildObject([`x=@${join(dir, 'missing.json')}`, 'oops'], '--input')).rejects.toMatchObject({
      message: "--input 'oops': expected KEY=VALUE",
    })
  })
})

describe('readObjectFile and runInput', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conductor-input-'))
  writeFileSync(join(dir, 'in.json'), '{"a": 1, "b": {"c": 2}}')
  writeFileSync(join(dir, 'in.yml'), 'a: 1\n')
  writeFileSync(join(dir, 'list.json'), '[1]')

  it('reads JSON and YAML objects, and stdin for "-"', async () => {
    expect(await readObjectFile(join(dir, 'in.yml'), '--input-file')).toEqual({a: 1})
    expect(await readObjectFile('-', '--input-file', {stdin: async () => '{"s": true}'})).toEqual({s: true})
    expect(await readObjectFile('-', '--input-file', {stdin: async () => 's: yes-please\n'})).toEqual({s: 'yes-please'})
    expect(await readObjectFile('-', '--input-file', {stdin: async () => ''})).toEqual({})
  })

  it('refuses anything but an object', async () => {
    await expect(readObjectFile(join(dir, 'list.json'), '--input-file')).rejects.toMatchObject({
      kind: 'usage',
      message: expect.stringContaining('expected a JSON or YAML object'),
    })
  })

  it('puts --input on top of --input-file', async () => {
    expect(await runInput({inputFile: join(dir, 'in.json'), input: ['b.d=3', 'a=x']})).toEqual({
      a: 'x',
      b: {c: 2, d: 3},
    })
    expect(await runInput({})).toEqual({})
  })
})
