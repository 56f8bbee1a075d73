import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {
  exportPath,
  MAX_FILE_NAME,
  writeExport,
  type ExportOptions,
  type ServerDefinition,
} from '../../../src/lib/definitions/export.js'
import type {Json} from '../../../src/lib/definitions/model.js'

const wf = (name: string, version = 1, description = ''): ServerDefinition => ({
  kind: 'workflow',
  name,
  version,
  doc: {name, version, description, schemaVersion: 2, tasks: []} as unknown as Json,
})
const options = (dir: string, more: Partial<ExportOptions> = {}): ExportOptions => ({
  dir,
  format: 'json',
  kinds: new Set(['workflow', 'task']),
  allVersions: true,
  prune: false,
  ...more,
})
const tmp = () => mkdtempSync(join(tmpdir(), 'export-safety-'))
const listed = (dir: string, folder: string) => (existsSync(join(dir, folder)) ? readdirSync(join(dir, folder)) : [])

describe('names over the file-name limit (issue 14, item 3)', () => {
  const long = 'x'.repeat(300)
  const cjk = '工作流程'.repeat(25) // 100 characters, 300 bytes, 900 once percent-encoded

  it('map to a short, stable, unique file name', () => {
    const a = exportPath({kind: 'workflow', name: long, version: 1}, 'json')
    const b = exportPath({kind: 'workflow', name: long + 'y', version: 1}, 'json')
    expect(Buffer.byteLength(a.split('/')[1] as string)).toBeLessThanOrEqual(MAX_FILE_NAME)
    expect(a).toBe(exportPath({kind: 'workflow', name: long, version: 1}, 'json'))
    expect(a).not.toBe(b)
    expect(a).toMatch(/^workflows\/x+~[0-9a-f]{16}\.v1\.json$/)
    const c = exportPath({kind: 'task', name: cjk}, 'yaml')
    expect(c).toMatch(/^tasks\/(%[0-9A-F]{2})+~[0-9a-f]{16}\.yaml$/)
    expect(Buffer.byteLength(c.split('/')[1] as string)).toBeLessThanOrEqual(MAX_FILE_NAME)
  })

  it('are exported with the rest, leaving no temporary file', async () => {
    const dir = tmp()
    const report = await writeExport([wf(long), wf(cjk), wf('short')], options(dir))
    expect(report.summary).toMatchObject({created: 3, failed: 0})
    expect(listed(dir, 'workflows')).toHaveLength(3)
    expect(listed(dir, 'workflows').filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('a file that cannot be written fails alone; the others are written', async () => {
    const dir = tmp()
    mkdirSync(join(dir, 'workflows', 'blocked.v1.json'), {recursive: true}) // a folder where the file should go
    const report = await writeExport([wf('blocked'), wf('fine')], options(dir))
    expect(report.files.map((f) => `${f.action} ${f.file}`)).toEqual([
      'failed workflows/blocked.v1.json',
      'created workflows/fine.v1.json',
    ])
  })
})

describe('temporary files of interrupted exports (issue 14, item 3)', () => {
  it('are removed when their process is gone, kept while it runs', async () => {
    const dir = tmp()
    mkdirSync(join(dir, 'workflows'), {recursive: true})
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    const stale = `a.v1.json.${dead}.0badf00d.tmp`
    const live = `b.v1.json.${process.pid}.0badf00d.tmp`
    writeFileSync(join(dir, 'workflows', stale), '{"half')
    writeFileSync(join(dir, 'workflows', live), '{"half')
    const report = await writeExport([wf('a')], options(dir))
    expect(report.removedTemporary).toEqual([`workflows/${stale}`])
    expect(listed(dir, 'workflows').sort()).toEqual(['a.v1.json', live])
  })
})

describe('--prune removes only what export wrote (issue 14, item 2)', () => {
  it('keeps hand-written files named like export files, and files edited since export', async () => {
    const dir = tmp()
    await writeExport([wf('gone'), wf('edited'), wf('stays')], options(dir))
    mkdirSync(join(dir, 'workflows'), {recursive: true})
    writeFileSync(join(dir, 'workflows', 'draft.v1.json'), '{"name": "draft", "tasks": []}\n')
    writeFileSync(join(dir, 'workflows', 'edited.v1.json'), '{"name": "edited", "description": "mine"}\n')
    const report = await writeExport([wf('stays')], options(dir, {prune: true}))
    expect(
      report.files.filter((f) => f.action !== 'unchanged').map((f) => `${f.action} ${f.file} ${f.reason ?? ''}`),
    ).toEqual([
      expect.stringMatching(/^kept workflows\/draft\.v1\.json no record that export wrote it/),
      'kept workflows/edited.v1.json edited since export wrote it',
      'pruned workflows/gone.v1.json ',
    ])
    expect(listed(dir, 'workflows').sort()).toEqual(['draft.v1.json', 'edited.v1.json', 'stays.v1.json'])
    expect(readFileSync(join(dir, 'workflows', 'draft.v1.json'), 'utf8')).toContain('draft')
  })

  it('an unchanged server rewrites nothing, the record included', async () => {
    const dir = tmp()
    await writeExport([wf('a')], options(dir))
    const before = readdirSync(dir, {withFileTypes: true})
      .map((e) => e.name)
      .sort()
    const record = readFileSync(join(dir, '.conductor-export.json'), 'utf8')
    const again = await writeExport([wf('a')], options(dir))
    expect(again.summary.written).toBe(0)
    expect(readFileSync(join(dir, '.conductor-export.json'), 'utf8')).toBe(record)
    expect(readdirSync(dir).sort()).toEqual(before)
  })
})

describe('server values already rounded when read (issue 14, item 4)', () => {
  const big = (name: string): ServerDefinition => ({
    kind: 'workflow',
    name,
    version: 1,
    // what JSON.parse makes of the server's 9007199254740993
    doc: {name, version: 1, schemaVersion: 2, tasks: [], timeoutSeconds: 9007199254740992} as unknown as Json,
  })

  it('export refuses that file, naming the path, and writes the others', async () => {
    const dir = tmp()
    const report = await writeExport([big('big'), wf('fine')], options(dir))
    const failed = report.files.find((f) => f.file === 'workflows/big.v1.json')
    expect(failed?.action).toBe('failed')
    expect(failed?.reason).toMatch(/\$\.timeoutSeconds holds an integer beyond 2\^53/)
    expect(listed(dir, 'workflows')).toEqual(['fine.v1.json'])
  })

  it('promote refuses to copy it', async () => {
    const {planPromotion} = await import('../../../src/lib/definitions/promote.js')
    const ends = {server: 'http://a'}
    await expect(
      planPromotion(ends, ends, [big('big')], [], {kinds: new Set(['workflow']), allVersions: false}),
    ).rejects.toThrow(/workflow big v1: \$\.timeoutSeconds holds an integer beyond 2\^53/)
  })
})
