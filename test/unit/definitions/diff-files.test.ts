import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {describe, expect, it} from 'vitest'
import {CliError} from '../../../src/lib/errors.js'
import {diffCounts, diffFiles, diffText} from '../../../src/lib/definitions/diff-files.js'
import {mockServer} from '../../helpers/mock-server.js'

const server = mockServer()
const JSON_HEADERS = {headers: {'content-type': 'application/json'}}
const wf = (name: string, ref: string) => ({
  name,
  version: 1,
  schemaVersion: 2,
  tasks: [{name: ref, taskReferenceName: ref, type: 'SIMPLE'}],
})

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'diff-'))
  for (const [name, doc] of Object.entries(files))
    writeFileSync(join(dir, name), typeof doc === 'string' ? doc : JSON.stringify(doc))
  return dir
}
function serve(workflows: unknown[]): void {
  server.pool().intercept({path: '/api/metadata/workflow', method: 'GET'}).reply(200, workflows, JSON_HEADERS)
}
const options = (all = false) => ({
  kinds: ['workflow' as const],
  all,
  stdin: Readable.from([]),
  connect: async () => server.client(),
})

describe('diffFiles', () => {
  it('new, changed and unchanged against the server; only on the server with all', async () => {
    serve([wf('same', 'a'), wf('changed', 'b'), wf('extra', 'a')])
    const dir = folder({'same.json': wf('same', 'a'), 'changed.json': wf('changed', 'a'), 'new.json': wf('new', 'a')})
    const report = await diffFiles([dir], options(true))
    const byName = Object.fromEntries(report.entries.map((e) => [e.name, e.status]))
    expect(byName).toEqual({same: 'unchanged', changed: 'changed', new: 'new', extra: 'only-on-server'})
    expect(report.differences).toBe(3)
    expect(diffCounts(report.comparisons, true)).toBe('1 new, 1 changed, 1 unchanged, 1 only on server')
    expect(diffCounts(report.comparisons, false)).toBe('1 new, 1 changed, 1 unchanged')
    const text = await diffText(report.comparisons, {nameOnly: true, colour: false})
    expect(text).toContain(`new:            workflow new v1 (${join(dir, 'new.json')})`)
    expect(text).toContain('only on server: workflow extra v1')
    expect(text).toContain('    $.tasks[0].name')
    const full = await diffText(report.comparisons, {nameOnly: false, colour: false})
    expect(full.length).toBeGreaterThan(text.length)
  })

  it('a file with errors is invalid, naming the first problem', async () => {
    serve([])
    const dir = folder({'bad.json': '{"name": "bad", '})
    const error = await diffFiles([dir], options()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CliError)
    expect((error as CliError).kind).toBe('invalid')
    expect((error as CliError).hint).toBe('Run `conductor workflow validate` on the same paths for the full report.')
  })
})
