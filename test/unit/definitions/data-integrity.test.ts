import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {describe, expect, it} from 'vitest'
import {compareWithServer} from '../../../src/lib/definitions/compare.js'
import {exportDocument, serialise} from '../../../src/lib/definitions/export.js'
import {loadDefinitions} from '../../../src/lib/definitions/load.js'
import type {Json} from '../../../src/lib/definitions/model.js'
import {normalise, wireBody} from '../../../src/lib/definitions/normalise.js'
import {validateDefinitions} from '../../../src/lib/definitions/validate.js'

const fromStdin = async (text: string) => loadDefinitions(['-'], {stdin: Readable.from([Buffer.from(text)])})
const problemsOf = async (text: string) => {
  const loaded = await fromStdin(text)
  return [...loaded.problems, ...(await validateDefinitions(loaded.definitions))]
}

describe('workflowTaskType without type (issue 14, item 5)', () => {
  const doc = {
    name: 'w',
    tasks: [
      {
        name: 'end',
        taskReferenceName: 'end',
        workflowTaskType: 'TERMINATE',
        inputParameters: {terminationStatus: 'COMPLETED'},
      },
    ],
  }

  it('is sent and compared as the server stores it: type TERMINATE', () => {
    const body = wireBody('workflowDef', doc as Json) as {tasks: Record<string, Json>[]}
    expect(body.tasks[0]?.type).toBe('TERMINATE')
    expect(body.tasks[0]).not.toHaveProperty('workflowTaskType')
  })

  it('the key written last wins, as the server reads them in order', () => {
    const last = (task: Record<string, Json>) =>
      (wireBody('workflowDef', {name: 'w', tasks: [task]}) as {tasks: Record<string, Json>[]}).tasks[0]?.type
    expect(last({name: 'a', taskReferenceName: 'a', type: 'SIMPLE', workflowTaskType: 'TERMINATE'})).toBe('TERMINATE')
    expect(last({name: 'a', taskReferenceName: 'a', workflowTaskType: 'TERMINATE', type: 'SIMPLE'})).toBe('SIMPLE')
  })

  it('diff sees no change against the server copy', async () => {
    const server = {...doc, version: 1, tasks: [{...doc.tasks[0], workflowTaskType: undefined, type: 'TERMINATE'}]}
    delete (server.tasks[0] as Record<string, unknown>).workflowTaskType
    const loaded = await fromStdin(JSON.stringify(doc))
    const [c] = await compareWithServer(loaded.definitions, new Map([['workflow:w:1', server as unknown as Json]]))
    expect(c?.status).toBe('unchanged')
  })

  it('validation checks the real type: a SWITCH without evaluatorType or cases is an error', async () => {
    const problems = await problemsOf(
      JSON.stringify({name: 'w', tasks: [{name: 's', taskReferenceName: 's', workflowTaskType: 'SWITCH'}]}),
    )
    expect(problems.filter((p) => p.severity === 'error').length).toBeGreaterThan(0)
  })
})

describe('integers beyond 2^53 (issue 14, item 4)', () => {
  it('are refused with file, JSON path, line and column (JSON)', async () => {
    const problems = await problemsOf('{"name": "w",\n "timeoutSeconds": 9007199254740993,\n "tasks": []}')
    const p = problems.find((x) => x.rule === 'unsafe-integer')
    expect(p).toMatchObject({severity: 'error', path: '$.timeoutSeconds', line: 2, column: 2})
    expect(p?.message).toContain('9007199254740993')
  })

  it('are refused in YAML and inside inputParameters', async () => {
    const problems = await problemsOf(
      'name: w\ntasks:\n  - name: t\n    taskReferenceName: t\n    inputParameters:\n      big: 12345678901234567890\n',
    )
    expect(problems.find((x) => x.rule === 'unsafe-integer')).toMatchObject({
      path: '$.tasks[0].inputParameters.big',
      line: 6,
    })
  })

  it('leaves exact large numbers alone (2^53 - 1, floats)', async () => {
    const problems = await problemsOf('{"name": "w", "timeoutSeconds": 9007199254740991, "tasks": [], "x": 1.5e300}')
    expect(problems.find((x) => x.rule === 'unsafe-integer')).toBeUndefined()
  })
})

describe('__proto__ keys (issue 14, item 4)', () => {
  const text =
    '{"name":"w","tasks":[{"name":"t","taskReferenceName":"t","type":"SIMPLE","inputParameters":{"__proto__":{"x":1},"a":2}}]}'

  it('survive export (sorted, stripped) as own keys', async () => {
    const doc = JSON.parse(text) as Json
    const out = await serialise(exportDocument('workflow', doc), 'json')
    expect(JSON.parse(out).tasks[0].inputParameters).toEqual(JSON.parse('{"__proto__":{"x":1},"a":2}'))
    expect(out).toContain('"__proto__"')
    const yaml = await serialise(exportDocument('workflow', doc), 'yaml')
    expect(yaml).toContain('__proto__')
  })

  it('survive loading (JSON and YAML), sending and normalising', async () => {
    for (const source of [
      text,
      'name: w\ntasks:\n  - name: t\n    taskReferenceName: t\n    inputParameters:\n      __proto__: {x: 1}\n      a: 2\n',
    ]) {
      const loaded = await fromStdin(source)
      const doc = loaded.definitions[0]?.doc as Json
      const sent = JSON.stringify(wireBody('workflowDef', doc))
      expect(sent).toContain('"__proto__":{"x":1}')
      expect(JSON.stringify(normalise('workflowDef', doc))).toContain('"__proto__":{"x":1}')
    }
  })
})

describe('input size cap (issue 14, item 13)', () => {
  it('refuses a file larger than the cap with one clear problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cap-'))
    const file = join(dir, 'big.json')
    writeFileSync(file, '{"name":"w","tasks":[],"x":"' + 'a'.repeat(2048) + '"}')
    const loaded = await loadDefinitions([file], {maxInputBytes: 1024})
    expect(loaded.definitions).toEqual([])
    expect(loaded.problems).toHaveLength(1)
    expect(loaded.problems[0]?.message).toMatch(/larger than 1 KB/)
  })

  it('stops reading an endless device at the cap', async () => {
    const loaded = await loadDefinitions(['/dev/zero'], {maxInputBytes: 1 << 20})
    expect(loaded.problems[0]?.message).toMatch(/larger than 1 MB/)
  })

  it('stops reading stdin at the cap', async () => {
    const endless = Readable.from(
      (function* () {
        for (;;) yield Buffer.alloc(64 * 1024, 0x20)
      })(),
    )
    const loaded = await loadDefinitions(['-'], {stdin: endless, maxInputBytes: 1 << 20})
    expect(loaded.problems[0]?.message).toMatch(/larger than 1 MB/)
  })
})
