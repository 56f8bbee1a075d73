import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {describe, expect, it} from 'vitest'
import {loadDefinitions} from '../../../src/lib/definitions/load.js'

function dir(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'defs-load-'))
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), {recursive: true})
    writeFileSync(join(root, name), content)
  }
  return root
}

const WF = JSON.stringify({name: 'wf', tasks: [{name: 't', taskReferenceName: 't'}]}, null, 2)

describe('loadDefinitions', () => {
  it('reads one definition, a JSON array and YAML streams, telling workflows from task definitions', async () => {
    const root = dir({
      'a.json': WF,
      'b.json': JSON.stringify([{name: 'td1', retryCount: 1}, {name: 'td2'}]),
      'c.yaml': 'name: y1\ntasks:\n  - name: t\n    taskReferenceName: t\n---\nname: td3\nresponseTimeoutSeconds: 5\n',
    })
    const {definitions, problems} = await loadDefinitions([root])
    expect(problems).toEqual([])
    expect(definitions.map((d) => [d.name, d.kind, d.pointer, d.format])).toEqual([
      ['wf', 'workflow', '$', 'json'],
      ['td1', 'task', '$[0]', 'json'],
      ['td2', 'task', '$[1]', 'json'],
      ['y1', 'workflow', 'doc1:$', 'yaml'],
      ['td3', 'task', 'doc2:$', 'yaml'],
    ])
    const y1 = definitions[3]!
    expect(y1.locate(['tasks', 0, 'taskReferenceName'])).toEqual({line: 4, column: 5})
  })

  it('keeps the document exactly as written ($schema and nulls included)', async () => {
    const doc = {
      $schema: './workflow-def.schema.json',
      name: 'wf',
      description: null,
      tasks: [{name: 't', taskReferenceName: 't'}],
    }
    const root = dir({'a.json': JSON.stringify(doc)})
    const {definitions} = await loadDefinitions([join(root, 'a.json')])
    expect(definitions[0]!.doc).toEqual(doc)
  })

  it('walks folders in sorted order, skipping dot-folders, node_modules and other extensions, and survives symlink loops', async () => {
    const root = dir({
      'z.json': WF.replace('"wf"', '"z"'),
      'sub/a.yml': 'name: a\ntasks: [{name: t, taskReferenceName: t}]\n',
      '.git/x.json': WF,
      'node_modules/m.json': WF,
      'notes.txt': 'x',
    })
    symlinkSync(root, join(root, 'sub', 'loop'))
    const {definitions, problems, files} = await loadDefinitions([root])
    expect(files).toEqual([join(root, 'sub/a.yml'), join(root, 'z.json')])
    expect(definitions.map((d) => d.name)).toEqual(['a', 'z'])
    expect(problems.map((p) => [p.rule, p.severity])).toEqual([['io', 'warning']])
    expect(problems[0]!.message).toMatch(/loop/)
  })

  it('expands globs', async () => {
    const root = dir({
      'w/a.json': WF,
      'w/b.yaml': 'name: b\ntasks: [{name: t, taskReferenceName: t}]\n',
      'w/deep/c.json': WF.replace('"wf"', '"c"'),
    })
    expect((await loadDefinitions([join(root, 'w/*.json')])).files).toEqual([join(root, 'w/a.json')])
    expect((await loadDefinitions([join(root, 'w/**/*.json')])).files).toEqual([
      join(root, 'w/a.json'),
      join(root, 'w/deep/c.json'),
    ])
    const none = await loadDefinitions([join(root, 'w/*.nothing')])
    expect(none.problems.map((p) => p.rule)).toEqual(['io'])
  })

  it('reads stdin for -', async () => {
    const stdin = Readable.from([Buffer.from('name: s\ntasks:\n  - {name: t, taskReferenceName: t}\n')])
    const {definitions} = await loadDefinitions(['-'], {stdin})
    expect(definitions.map((d) => [d.file, d.name, d.format])).toEqual([['<stdin>', 's', 'yaml']])
    const json = await loadDefinitions(['-'], {stdin: Readable.from([Buffer.from(WF)])})
    expect(json.definitions[0]!.format).toBe('json')
  })

  it('reports malformed JSON once, with line and column', async () => {
    const root = dir({
      'bad.json': '{\n  "name": "x",\n  "tasks": [\n    {"name": "t" "taskReferenceName": "t"}\n  ]\n}\n',
    })
    const {definitions, problems} = await loadDefinitions([join(root, 'bad.json')])
    expect(definitions).toEqual([])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({rule: 'parse', severity: 'error', line: 4, column: 18})
  })

  it('reports malformed YAML, duplicate keys, empty, binary and non-UTF-8 files as parse problems', async () => {
    const root = dir({
      'bad.yaml': 'name: x\ntasks:\n  - name: [\n',
      'dup.json': '{"name": "a",\n "name": "b", "tasks": []}',
      'dup.yaml': 'name: a\nname: b\n',
      'empty.json': '  \n',
      'bin.json': new Uint8Array([0x7b, 0x00, 0x7d]),
      'latin1.json': new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x7d]),
    })
    const {problems} = await loadDefinitions([root])
    const byFile = Object.fromEntries(problems.map((p) => [p.file.slice(root.length + 1), p]))
    expect(Object.keys(byFile).sort()).toEqual([
      'bad.yaml',
      'bin.json',
      'dup.json',
      'dup.yaml',
      'empty.json',
      'latin1.json',
    ])
    for (const p of problems) expect(p.rule).toBe('parse')
    expect(byFile['dup.json']).toMatchObject({line: 2, message: expect.stringMatching(/duplicate key/)})
    expect(byFile['dup.yaml']).toMatchObject({line: 2})
    expect(byFile['bin.json']).toMatchObject({line: 1, column: 2, message: expect.stringMatching(/binary/)})
    expect(byFile['latin1.json']).toMatchObject({line: 1, column: 3, message: expect.stringMatching(/UTF-8/)})
    expect(byFile['empty.json']!.message).toMatch(/empty/)
  })

  it('reports missing paths with the reason', async () => {
    const {problems} = await loadDefinitions(['/nonexistent/defs.json'])
    expect(problems).toEqual([
      expect.objectContaining({rule: 'io', severity: 'error', message: expect.stringMatching(/no such file/)}),
    ])
  })

  it('unwraps a StartWorkflowRequest with a warning', async () => {
    const root = dir({
      'start.json': JSON.stringify(
        {name: 'wf', version: 1, input: {}, workflowDef: {name: 'wf', tasks: [{name: 't', taskReferenceName: 't'}]}},
        null,
        2,
      ),
    })
    const {definitions, problems} = await loadDefinitions([root])
    expect(definitions.map((d) => [d.name, d.pointer])).toEqual([['wf', '$.workflowDef']])
    expect(definitions[0]!.locate(['tasks', 0])).toEqual({line: 8, column: 7})
    expect(problems.map((p) => [p.rule, p.severity])).toEqual([['start-request', 'warning']])
  })

  it('with only, skips the other kind: one warning per named file, one for all files found in folders', async () => {
    const root = dir({
      'tasks.json': JSON.stringify([
        {name: 'a', retryCount: 1},
        {name: 'b', retryCount: 2},
      ]),
      'more/t.json': JSON.stringify({name: 'c', retryCount: 1}),
      'wf.json': WF,
    })
    const named = await loadDefinitions([join(root, 'tasks.json'), join(root, 'wf.json')], {only: 'workflow'})
    expect(named.definitions.map((d) => d.name)).toEqual(['wf'])
    expect(named.problems).toEqual([
      expect.objectContaining({
        rule: 'wrong-kind',
        severity: 'warning',
        file: join(root, 'tasks.json'),
        message: expect.stringMatching(/^2 task definitions skipped/),
      }),
    ])
    const walked = await loadDefinitions([root], {only: 'workflow'})
    expect(walked.problems).toEqual([
      expect.objectContaining({
        rule: 'wrong-kind',
        message: expect.stringMatching(/^3 task definitions in 2 files found in folders skipped/),
      }),
    ])
    const tasks = await loadDefinitions([root], {only: 'task'})
    expect(tasks.definitions.map((d) => d.name)).toEqual(['c', 'a', 'b'])
  })

  it('rejects things that are not definitions', async () => {
    const root = dir({'x.json': JSON.stringify([42, {name: 't', taskReferenceName: 't'}])})
    const {definitions, problems} = await loadDefinitions([root])
    expect(definitions).toEqual([])
    expect(problems.map((p) => p.rule)).toEqual(['shape', 'shape'])
  })
})
