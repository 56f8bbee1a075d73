import {Config} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import ConductorHelp from '../../../src/lib/command/help.js'
import {FAILURE_SHAPE, JSON_SHAPES, jsonHelp, jsonOutputDoc} from '../../../src/lib/command/json-shapes.js'
import {misfits, parseShape} from '../../helpers/json-shape.js'
import {runCli} from '../../helpers/run-cli.js'

/** The declared --json shapes (src/lib/command/json-shapes.ts) against the manifest, the help and the docs. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const manifest = JSON.parse(readFileSync(`${ROOT}oclif.manifest.json`, 'utf8')) as {
  commands: Record<string, {flags: Record<string, unknown>}>
}
const withJson = Object.entries(manifest.commands)
  .filter(([, c]) => 'json' in c.flags)
  .map(([id]) => id)
  .sort()

describe('declared --json shapes', () => {
  it('every command of the manifest with --json has one', () => {
    expect(withJson.length).toBeGreaterThan(50)
    expect(withJson.filter((id) => !JSON_SHAPES[id])).toEqual([])
  })

  it('none is declared for a command that does not exist (or has no --json)', () => {
    expect(Object.keys(JSON_SHAPES).filter((id) => !withJson.includes(id))).toEqual([])
  })

  it('every shape parses, with distinct conditions per command', () => {
    for (const [id, forms] of Object.entries(JSON_SHAPES)) {
      expect(forms.length, id).toBeGreaterThan(0)
      for (const f of forms) expect(() => parseShape(f.shape), `${id}: ${f.shape}`).not.toThrow()
      expect(new Set(forms.map((f) => f.when)).size, id).toBe(forms.length)
      expect(forms[0]?.when, `${id}: the first form is the usual one`).toBeUndefined()
      for (const f of forms) if (f.failure) expect(f.when, `${id}: a failure form says which failure`).toBeDefined()
    }
    expect(() => parseShape(FAILURE_SHAPE)).not.toThrow()
  })

  it('the failure shape fits what failureJson prints', async () => {
    const {failureJson} = await import('../../../src/lib/command/error-map.js')
    const {CliError} = await import('../../../src/lib/errors.js')
    const failure = parseShape(FAILURE_SHAPE)
    const plain = failureJson(new CliError('notFound', 'gone', {hint: 'look'}), [])
    expect(misfits(plain, failure)).toEqual([])
    expect(Object.keys(plain)).toEqual(['error'])
    const withList = failureJson(new CliError('partial', 'some', {result: [{id: 'a'}]}), ['careful'])
    expect(misfits(withList, failure)).toEqual([])
    expect(Object.keys(withList).sort()).toEqual(['error', 'result', 'warnings'])
    if (failure.type !== 'object') throw new Error('the failure shape is an object')
    expect(misfits(plain.error, failure.fields.error as never)).toEqual([])
    expect(misfits({kind: 'x'}, failure.fields.error as never)).not.toEqual([])
  })
})

describe('the shape checker', () => {
  it('finds a missing field, an undeclared one, and a list where an object belongs', () => {
    const shape = parseShape('{a, b?, c: {x}}')
    expect(misfits({a: 1, c: {}}, shape)).toEqual([])
    expect(misfits({a: 1, c: {}, warnings: ['w']}, shape)).toEqual([])
    expect(misfits({c: {}}, shape)).toEqual(['$: missing a'])
    expect(misfits({a: 1, c: {}, d: 2}, shape)).toEqual(['$: undeclared d'])
    expect(misfits([{a: 1, c: {}}], shape)).toEqual(['$: expected an object'])
    expect(misfits({a: 1, c: {}, d: 2}, parseShape('{a, c, ...}'))).toEqual([])
    expect(misfits([{a: 1}, {b: 1}], parseShape('[{a}]'))).toEqual(['$[1]: missing a', '$[1]: undeclared b'])
    expect(() => parseShape('{a, {b}')).toThrow()
  })
})

describe('JSON OUTPUT in --help', () => {
  it("shows each command's shapes and the failure shape", async () => {
    const config = await Config.load(ROOT)
    const help = new ConductorHelp(config, {stripAnsi: true})
    for (const id of withJson) {
      const command = config.findCommand(id)
      expect(command, id).toBeDefined()
      const text = (help as unknown as {formatCommand(c: unknown): string}).formatCommand({...command})
      const section = text.slice(text.indexOf('JSON OUTPUT'))
      expect(text, id).toContain('JSON OUTPUT')
      for (const f of JSON_SHAPES[id] ?? []) expect(section.replace(/\s+/g, ' '), id).toContain(f.shape)
      expect(section.replace(/\s+/g, ' '), id).toContain(FAILURE_SHAPE)
    }
  })

  it('the built CLI (bin/run.js, the bundle) shows them, and the failure shape once in the root help', async () => {
    const flat = (text: string) => text.replace(/\s+/g, ' ')
    const command = await runCli(['workflow', 'register', '--help'])
    expect(command.exitCode).toBe(0)
    expect(flat(command.stdout)).toContain(`JSON OUTPUT ${JSON_SHAPES['workflow:register']?.[0]?.shape}`)
    const root = await runCli(['--help'])
    expect(root.exitCode).toBe(0)
    expect(flat(root.stdout.slice(root.stdout.indexOf('JSON OUTPUT')))).toContain(FAILURE_SHAPE)
  })

  it('names the condition of each other form', () => {
    expect(jsonHelp('run')).toMatch(/^\{workflowId\}\nWith --wait: \{workflowId, /)
    expect(jsonHelp('nosuch:command')).toBeUndefined()
  })
})

describe('docs/json-output.md', () => {
  it('is what scripts/json-output.mjs generates from the code (run it after `npm run build`)', () => {
    expect(readFileSync(`${ROOT}docs/json-output.md`, 'utf8')).toBe(jsonOutputDoc())
  })

  it('has a row for every command', () => {
    const doc = jsonOutputDoc()
    for (const id of withJson) expect(doc).toContain(`| \`${id.replaceAll(':', ' ')}\` |`)
  })
})
