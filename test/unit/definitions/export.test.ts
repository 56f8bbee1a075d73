import {mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {
  decodeName,
  encodeName,
  exportDocument,
  exportPath,
  parseExportPath,
  selectDefinitions,
  writeExport,
  type ExportOptions,
  type ServerDefinition,
} from '../../../src/lib/definitions/export.js'
import type {Json} from '../../../src/lib/definitions/model.js'
import {wildcard} from '../../../src/lib/text.js'

const audit = {createTime: 1700000000000, updateTime: 1700000001000, createdBy: 'me', updatedBy: '', ownerApp: 'app'}
const wf = (name: string, version: number, extra: Record<string, unknown> = {}): ServerDefinition => ({
  kind: 'workflow',
  name,
  version,
  doc: {
    ...audit,
    name,
    version,
    schemaVersion: 2,
    tasks: [{name: 't', taskReferenceName: 't', type: 'SIMPLE'}],
    ...extra,
  } as Json,
})
const td = (name: string, extra: Record<string, unknown> = {}): ServerDefinition => ({
  kind: 'task',
  name,
  doc: {...audit, name, retryCount: 3, ...extra} as Json,
})
const options = (dir: string, more: Partial<ExportOptions> = {}): ExportOptions => ({
  dir,
  format: 'json',
  kinds: new Set(['workflow', 'task']),
  allVersions: false,
  prune: false,
  ...more,
})
const tmp = () => mkdtempSync(join(tmpdir(), 'export-test-'))

describe('file names', () => {
  it('encodes names reversibly, leaving plain names as they are', () => {
    for (const name of [
      'orders',
      'order-flow_v2',
      'a.b',
      'a/b',
      '../x',
      '.hidden',
      'C:\\x',
      'a b',
      '100%',
      'naïve',
      'x*?<>|"',
      'a.v2',
      '',
    ]) {
      const encoded = encodeName(name)
      expect(encoded).toMatch(/^[A-Za-z0-9_.%-]+$/)
      expect(encoded.startsWith('.')).toBe(false)
      expect(decodeName(encoded)).toBe(name)
    }
    expect(encodeName('orders')).toBe('orders')
    expect(encodeName('a/b')).toBe('a%2Fb')
    expect(encodeName('.hidden')).toBe('%2Ehidden')
  })

  it('paths: workflows/NAME.vN.ext and tasks/NAME.ext, parsed back (names with .vN in them too)', () => {
    expect(exportPath({kind: 'workflow', name: 'a.v2', version: 3}, 'yaml')).toBe('workflows/a.v2.v3.yaml')
    expect(exportPath({kind: 'task', name: 'a/b'}, 'json')).toBe('tasks/a%2Fb.json')
    expect(parseExportPath('workflows/a.v2.v3.yaml')).toEqual({kind: 'workflow', name: 'a.v2', version: 3})
    expect(parseExportPath('tasks/a%2Fb.json')).toEqual({kind: 'task', name: 'a/b'})
    // files export would not have written are not its own
    expect(parseExportPath('tasks/README.md')).toBeUndefined()
    expect(parseExportPath('tasks/my task.json')).toBeUndefined()
    expect(parseExportPath('workflows/x.json')).toBeUndefined()
  })
})

describe('exportDocument', () => {
  it('drops audit fields at every model level but keeps them inside free-form maps; keys sorted', () => {
    const doc = {
      ...audit,
      name: 'w',
      version: 1,
      tasks: [
        {
          name: 's',
          taskReferenceName: 's',
          type: 'SUB_WORKFLOW',
          inputParameters: {createTime: '${workflow.input.t}'},
          subWorkflowParam: {name: 'c', workflowDefinition: {...audit, name: 'c', tasks: []}},
        },
        {name: 'x', taskReferenceName: 'x', taskDefinition: {...audit, name: 'x'}},
      ],
    } as unknown as Json
    const out = exportDocument('workflow', doc) as {tasks: Record<string, Record<string, unknown>>[]}
    expect(Object.keys(out)).toEqual(['name', 'tasks', 'version'])
    expect(out.tasks[0]?.inputParameters).toEqual({createTime: '${workflow.input.t}'})
    expect(out.tasks[0]?.subWorkflowParam?.workflowDefinition).toEqual({name: 'c', tasks: []})
    expect(out.tasks[1]?.taskDefinition).toEqual({name: 'x'})
    expect(exportDocument('task', td('t').doc)).toEqual({name: 't', retryCount: 3})
  })
})

describe('selectDefinitions', () => {
  it('latest version of each workflow by default, every version on request, filtered by kind and name', () => {
    const all = [wf('a', 1), wf('a', 2), wf('b', 1), td('ta'), td('tb')]
    const names = (defs: ServerDefinition[]) => defs.map((d) => `${d.name}${d.version ?? ''}`)
    expect(names(selectDefinitions(all, {kinds: new Set(['workflow', 'task']), allVersions: false}))).toEqual([
      'a2',
      'b1',
      'ta',
      'tb',
    ])
    expect(names(selectDefinitions(all, {kinds: new Set(['workflow']), allVersions: true}))).toEqual(['a1', 'a2', 'b1'])
    expect(
      names(selectDefinitions(all, {kinds: new Set(['workflow', 'task']), allVersions: false, name: wildcard('*a')})),
    ).toEqual(['a2', 'ta'])
  })
})

describe('writeExport', () => {
  it('writes one file per definition, then on an unchanged server writes nothing', async () => {
    const dir = tmp()
    const all = [wf('a', 1), wf('a', 2), wf('b/c', 1), td('t1')]
    const first = await writeExport(all, options(dir))
    expect(first.summary).toMatchObject({created: 3, written: 3, unchanged: 0})
    expect(readdirSync(join(dir, 'workflows')).sort()).toEqual(['a.v2.json', 'b%2Fc.v1.json'])
    const text = readFileSync(join(dir, 'workflows/a.v2.json'), 'utf8')
    expect(text).not.toContain('createTime')
    expect(JSON.parse(text)).toEqual({
      name: 'a',
      schemaVersion: 2,
      tasks: [{name: 't', taskReferenceName: 't', type: 'SIMPLE'}],
      version: 2,
    })
    const mtime = statSync(join(dir, 'workflows/a.v2.json')).mtimeMs
    // the server rewrote audit fields only: same bytes, nothing written
    const second = await writeExport(
      all.map((d) => ({...d, doc: {...(d.doc as object), updateTime: 1800000000000} as Json})),
      options(dir),
    )
    expect(second.summary).toMatchObject({written: 0, unchanged: 3})
    expect(statSync(join(dir, 'workflows/a.v2.json')).mtimeMs).toBe(mtime)
  })

  it('updates a changed definition, lists files of deleted ones as stale, removes them only with prune', async () => {
    const dir = tmp()
    await writeExport([wf('a', 1), wf('gone', 1), td('t1'), td('t2')], options(dir))
    mkdirSync(join(dir, 'tasks'), {recursive: true})
    writeFileSync(join(dir, 'tasks/notes.md'), 'mine')
    const now = [wf('a', 1, {description: 'new'}), td('t1')]
    const kept = await writeExport(now, options(dir))
    expect(kept.files.filter((f) => f.action !== 'unchanged').map((f) => `${f.action} ${f.file}`)).toEqual([
      'stale tasks/t2.json',
      'updated workflows/a.v1.json',
      'stale workflows/gone.v1.json',
    ])
    expect(readdirSync(join(dir, 'workflows'))).toContain('gone.v1.json')
    // --name limits what prune may touch
    const onlyA = await writeExport(now, options(dir, {prune: true, name: wildcard('a*')}))
    expect(onlyA.summary.pruned).toBe(0)
    const pruned = await writeExport(now, options(dir, {prune: true}))
    expect(pruned.files.filter((f) => f.action === 'pruned').map((f) => f.file)).toEqual([
      'tasks/t2.json',
      'workflows/gone.v1.json',
    ])
    expect(readdirSync(join(dir, 'workflows'))).toEqual(['a.v1.json'])
    expect(readdirSync(join(dir, 'tasks')).sort()).toEqual(['notes.md', 't1.json'])
  })

  it('keeps files of older versions that still exist on the server (latest only is a selection, not a deletion)', async () => {
    const dir = tmp()
    await writeExport([wf('a', 1)], options(dir))
    const report = await writeExport([wf('a', 1), wf('a', 2)], options(dir, {prune: true}))
    expect(report.files.map((f) => `${f.action} ${f.file}`)).toEqual(['created workflows/a.v2.json'])
    expect(readdirSync(join(dir, 'workflows')).sort()).toEqual(['a.v1.json', 'a.v2.json'])
  })

  it('yaml format and dry run', async () => {
    const dir = tmp()
    const dry = await writeExport([wf('a', 1)], options(dir, {format: 'yaml', dryRun: true}))
    expect(dry.summary.created).toBe(1)
    expect(() => readdirSync(join(dir, 'workflows'))).toThrow()
    await writeExport([wf('a', 1)], options(dir, {format: 'yaml'}))
    expect(readFileSync(join(dir, 'workflows/a.v1.yaml'), 'utf8')).toMatch(/^name: a\nschemaVersion: 2\ntasks:\n/)
  })
})
