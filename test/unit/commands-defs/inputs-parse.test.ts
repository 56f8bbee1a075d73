import {mkdir, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import WorkflowValidate from '../../../src/commands/workflow/validate.js'
import {expandInputs, globToRegExp} from '../../../src/lib/definitions/inputs.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {defs, tempDirs} from './fake-conductor.js'

/** What `validate` (and so register, diff, plan) reads: files, folders, globs; and how each bad file is reported. */
const tmp = tempDirs()
type Problem = {file: string; rule: string; severity: string; message: string; line?: number; column?: number}
type Report = {files: string[]; problems: Problem[]; summary: {errors: number; warnings: number; definitions: number}}

async function validate(...inputs: string[]): Promise<Report & {exitCode: number}> {
  const result = await runInProcess(WorkflowValidate as unknown as CommandClass, [...inputs, '--json'])
  return {...(result.doc as Report), exitCode: result.exitCode}
}

describe('expanding inputs', () => {
  it('folders recursively, sorted, skipping dot-folders and node_modules; each file once', async () => {
    const dir = await tmp.write({
      'b.json': defs.workflow('b'),
      'a/x.yaml': 'name: x\nretryCount: 1\n',
      '.git/ignored.json': defs.workflow('ignored'),
      'node_modules/dep/ignored.json': defs.workflow('ignored'),
      'notes.txt': 'not a definition',
    })
    const expanded = await expandInputs([dir, join(dir, 'b.json')])
    expect(expanded.files).toEqual([join(dir, 'a/x.yaml'), join(dir, 'b.json')])
    expect(expanded.problems).toEqual([])
    // named directly once it was found in the folder: read once
    expect(expanded.explicit.has(join(dir, 'b.json'))).toBe(true)
  })

  it('globs: **, *, ?, [ab] and {x,y}; a pattern that matches nothing is an error', async () => {
    const dir = await tmp.write({
      'defs/a.json': defs.workflow('a'),
      'defs/b.json': defs.workflow('b'),
      'defs/sub/c.yaml': 'name: c\nretryCount: 1\n',
      'defs/sub/d.yml': 'name: d\nretryCount: 1\n',
    })
    const files = async (pattern: string) =>
      (await expandInputs([join(dir, pattern)])).files.map((f) => f.slice(dir.length + 1))
    expect(await files('defs/**/*.yaml')).toEqual(['defs/sub/c.yaml'])
    expect(await files('defs/*.json')).toEqual(['defs/a.json', 'defs/b.json'])
    expect(await files('defs/?.json')).toEqual(['defs/a.json', 'defs/b.json'])
    expect(await files('defs/[a].json')).toEqual(['defs/a.json'])
    expect(await files('defs/sub/*.{yml,yaml}')).toEqual(['defs/sub/c.yaml', 'defs/sub/d.yml'])
    const none = await expandInputs([join(dir, 'defs/*.xml')])
    expect(none.files).toEqual([])
    expect(none.problems).toEqual([
      expect.objectContaining({rule: 'io', severity: 'error', message: 'no files match this pattern'}),
    ])
  })

  it('globToRegExp: an unclosed [ or { is taken literally, [!a] negates', () => {
    expect(globToRegExp('a[b').test('a[b')).toBe(true)
    expect(globToRegExp('a{b').test('a{b')).toBe(true)
    expect(globToRegExp('[!a].json').test('b.json')).toBe(true)
    expect(globToRegExp('[!a].json').test('a.json')).toBe(false)
    expect(globToRegExp('x/**/y.json').test('x/y.json')).toBe(true)
    expect(globToRegExp('x/**').test('x/a/b')).toBe(true)
  })

  it('a missing file, an empty folder, a symlink loop and a broken link are reported', async () => {
    const dir = await tmp.write({'real/a.json': defs.workflow('a')})
    await mkdir(join(dir, 'empty'))
    await symlink(join(dir, 'real'), join(dir, 'real/loop'))
    await symlink(join(dir, 'nowhere.json'), join(dir, 'real/broken.json'))
    const expanded = await expandInputs([join(dir, 'missing.json'), join(dir, 'empty'), join(dir, 'real')])
    expect(expanded.files).toEqual([join(dir, 'real/a.json')])
    const byMessage = expanded.problems.map((p) => `${p.severity}: ${p.message}`)
    expect(byMessage).toContain('error: no such file or directory (ENOENT)')
    expect(byMessage).toContain('warning: no .json, .yaml or .yml files in this folder')
    expect(byMessage).toContain('warning: symbolic link loop; folder skipped')
    expect(byMessage).toContain('warning: broken symbolic link: no such file or directory (ENOENT)')
  })

  it('- stands for stdin once', async () => {
    const expanded = await expandInputs(['-', '-'])
    expect(expanded.files).toEqual(['-'])
    expect(expanded.explicit.has('-')).toBe(true)
  })
})

describe('reading files: each bad one reported with a position', () => {
  it('a file that is not UTF-8: the line and column of the first bad byte', async () => {
    const dir = tmp.dir()
    await writeFile(
      join(dir, 'bad.json'),
      Buffer.concat([Buffer.from('{\n  "name": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    )
    const report = await validate(join(dir, 'bad.json'))
    expect(report.exitCode).toBe(3)
    expect(report.problems[0]).toMatchObject({rule: 'parse', message: 'not valid UTF-8 text', line: 2, column: 12})
  })

  it('an empty file and a YAML file of empty documents are errors', async () => {
    const dir = await tmp.write({'empty.json': '  \n', 'empty.yaml': '---\n---\n'})
    const report = await validate(dir)
    expect(report.problems.map((p) => p.message).sort()).toEqual([
      'empty file',
      'empty file (no YAML document with content)',
    ])
  })

  it('a BOM is accepted and positions stay right', async () => {
    const dir = tmp.dir()
    await writeFile(join(dir, 'bom.json'), '\ufeff' + JSON.stringify(defs.workflow('bom')))
    const report = await validate(join(dir, 'bom.json'))
    expect(report.exitCode).toBe(0)
    expect(report.summary.definitions).toBe(1)
  })

  it('nesting deeper than 256 levels is refused at the offending bracket', async () => {
    const dir = tmp.dir()
    await writeFile(join(dir, 'deep.json'), '['.repeat(300) + ']'.repeat(300))
    const report = await validate(join(dir, 'deep.json'))
    expect(report.problems[0]).toMatchObject({
      rule: 'parse',
      message: 'nesting deeper than 256 levels',
      line: 1,
      column: 257,
    })
  })

  it('YAML: a duplicate key and invalid YAML, with their lines; several documents each read', async () => {
    const dir = await tmp.write({
      'dup.yaml': 'name: a\nretryCount: 1\nname: b\n',
      'bad.yaml': 'name: a\n  retryCount: [1\n',
      'multi.yaml': 'name: t1\nretryCount: 1\n---\nname: t2\nretryCount: 2\n',
    })
    const report = await validate(dir)
    const dup = report.problems.find((p) => p.file.endsWith('dup.yaml'))
    expect(dup).toMatchObject({rule: 'parse', line: 3})
    expect(dup?.message).toMatch(/^duplicate key/)
    const bad = report.problems.find((p) => p.file.endsWith('bad.yaml'))
    expect(bad?.message).toMatch(/^invalid YAML/)
    expect(report.summary.definitions).toBe(2)
  })

  it('a YAML alias bomb is refused, not expanded', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let i = 0; i < 12; i++)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      )
    const dir = await tmp.write({'bomb.yaml': `name: t\n${lines.join('\n')}\n`})
    const report = await validate(dir)
    expect(report.exitCode).toBe(3)
    expect(report.problems[0]?.message).toMatch(/^invalid YAML: .*alias/i)
  })

  it('a JSON duplicate key is an error at its line', async () => {
    const dir = await tmp.write({'dup.json': '{\n  "name": "a",\n  "name": "b",\n  "retryCount": 1\n}\n'})
    const report = await validate(dir)
    expect(report.problems[0]).toMatchObject({line: 3})
    expect(report.problems[0]?.message).toContain('duplicate key')
  })
})
