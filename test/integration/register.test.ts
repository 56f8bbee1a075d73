import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {FaultProxy} from '../helpers/fault-proxy.js'
import {cli, serverGet, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'

const owner = 'cli-tests@example.com'
const wf = (name: string, tasks: unknown[], extra: Record<string, unknown> = {}) => ({
  name,
  version: 1,
  schemaVersion: 2,
  ownerEmail: owner,
  tasks,
  ...extra,
})
const setVar = (ref: string) => ({name: ref, taskReferenceName: ref, type: 'SET_VARIABLE', inputParameters: {v: 1}})

let proxy: FaultProxy
beforeAll(async () => {
  proxy = await new FaultProxy(new URL(serverUrl().replace(/\/api$/, ''))).start()
})
afterAll(async () => proxy.stop())

/** Runs the CLI through the proxy, so the test can see every request it sent. */
const viaProxy = (args: string[]) => cli(args, {env: {CONDUCTOR_SERVER_URL: proxy.url}})
const writes = () => proxy.log.filter((l) => l.method !== 'GET')

describe('workflow register', () => {
  it('registers a folder, then finds everything unchanged and sends no write', async () => {
    const dir = tempDir()
    const prefix = uniqueName('reg')
    writeFileSync(
      join(dir, 'task.yaml'),
      `name: ${prefix}_task\nretryCount: 2\ntimeoutSeconds: 120\nresponseTimeoutSeconds: 60\nownerEmail: ${owner}\n`,
    )
    writeFileSync(join(dir, 'child.json'), JSON.stringify(wf(`${prefix}_child`, [setVar('a')])))
    writeFileSync(
      join(dir, 'parent.json'),
      JSON.stringify(
        wf(`${prefix}_parent`, [
          {
            name: 'sub',
            taskReferenceName: 'sub',
            type: 'SUB_WORKFLOW',
            subWorkflowParam: {name: `${prefix}_child`, version: 1},
          },
          {name: `${prefix}_task`, taskReferenceName: 'w', type: 'SIMPLE'},
        ]),
      ),
    )
    proxy.log.length = 0
    const first = await viaProxy(['workflow', 'register', dir, '--json'])
    expect(first.exitCode, first.stderr).toBe(0)
    const actions = Object.fromEntries(
      (JSON.parse(first.stdout) as {name: string; action: string}[]).map((r) => [r.name, r.action]),
    )
    expect(actions).toEqual({
      [`${prefix}_task`]: 'created',
      [`${prefix}_child`]: 'created',
      [`${prefix}_parent`]: 'created',
    })
    // task definitions first, the child workflow before its parent
    const order = writes().map((w) => `${w.method} ${w.path}`)
    expect(order[0]).toBe('POST /api/metadata/taskdefs')
    expect(order.filter((o) => o === 'PUT /api/metadata/workflow')).toHaveLength(2)
    expect((await serverGet(`/metadata/workflow/${prefix}_parent`)).status).toBe(200)
    expect((await serverGet<{retryCount: number}>(`/metadata/taskdefs/${prefix}_task`)).body.retryCount).toBe(2)

    proxy.log.length = 0
    const second = await viaProxy(['workflow', 'register', dir])
    expect(second.exitCode, second.stderr).toBe(0)
    expect(second.stderr).toContain('3 unchanged')
    expect(writes()).toEqual([])
  })

  it('with one broken file among fifty, names file, path and line:column and changes nothing', async () => {
    const dir = tempDir()
    const prefix = uniqueName('broken')
    for (let i = 0; i < 50; i++)
      writeFileSync(
        join(dir, `wf${String(i).padStart(2, '0')}.json`),
        JSON.stringify(wf(`${prefix}_${i}`, [setVar('a')]), null, 2),
      )
    const bad = wf(`${prefix}_bad`, [setVar('a'), setVar('a')])
    writeFileSync(join(dir, 'wf23.json'), JSON.stringify(bad, null, 2))
    proxy.log.length = 0
    const result = await viaProxy(['workflow', 'register', dir])
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toMatch(new RegExp(`wf23\\.json:\\d+:\\d+ .*taskReferenceName`))
    expect(result.stderr).toContain('Nothing was registered')
    expect(proxy.log).toEqual([]) // not even a read: validation comes first
    expect((await serverGet(`/metadata/workflow/${prefix}_0`)).status).toBe(404)
  })

  it('names unknown fields in a warning and still sends them as written', async () => {
    const dir = tempDir()
    const name = uniqueName('unknown')
    writeFileSync(join(dir, 'w.json'), JSON.stringify({...wf(name, [setVar('a')]), workflowTaskTypo: 'x'}, null, 2))
    const result = await cli(['workflow', 'register', dir])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/w\.json:\d+:\d+ +\$\.workflowTaskTypo +warning .*workflowTaskTypo/)
  })

  it('--dry-run reports what would change and sends nothing that writes', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'w.json'), JSON.stringify(wf(uniqueName('dry'), [setVar('a')])))
    proxy.log.length = 0
    const result = await viaProxy(['workflow', 'register', dir, '--dry-run', '-o', 'json'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect((JSON.parse(result.stdout) as {action: string}[])[0]?.action).toBe('would create')
    expect(writes()).toEqual([])
  })
})

describe('workflow diff', () => {
  it('in a folder of 200, reports exactly the one changed definition and JSON path, exit 1', async () => {
    const dir = tempDir()
    const prefix = uniqueName('diff')
    for (let i = 0; i < 200; i++)
      writeFileSync(
        join(dir, `wf${String(i).padStart(3, '0')}.json`),
        JSON.stringify(
          wf(`${prefix}_${i}`, [
            setVar('a'),
            {
              name: 'h',
              taskReferenceName: 'h',
              type: 'HTTP',
              inputParameters: {http_request: {uri: 'http://example.com/x', method: 'GET'}},
            },
          ]),
          null,
          2,
        ),
      )
    expect((await cli(['workflow', 'register', dir])).exitCode).toBe(0)
    expect((await cli(['workflow', 'diff', dir])).exitCode).toBe(0)
    const file = join(dir, 'wf137.json')
    writeFileSync(file, readFileSync(file, 'utf8').replace('http://example.com/x', 'http://example.com/y'))
    const result = await cli(['workflow', 'diff', dir, '--json'])
    expect(result.exitCode).toBe(1)
    const report = JSON.parse(result.stdout) as {
      differences: number
      entries: {name: string; status: string; changedPaths: string[]}[]
    }
    expect(report.differences).toBe(1)
    const changed = report.entries.filter((e) => e.status !== 'unchanged')
    expect(changed).toEqual([
      expect.objectContaining({
        name: `${prefix}_137`,
        status: 'changed',
        changedPaths: ['$.tasks[1].inputParameters.http_request.uri'],
      }),
    ])
    const human = await cli(['workflow', 'diff', dir])
    expect(human.exitCode).toBe(1)
    expect(human.stdout).toMatch(/^- +"uri": "http:\/\/example\.com\/x"$/m)
    expect(human.stdout).toMatch(/^\+ +"uri": "http:\/\/example\.com\/y"$/m)
    expect(human.stdout).toContain('$.tasks[1].inputParameters.http_request.uri')
  })
})

describe('round trip on the corpus', () => {
  it('register then diff finds no difference for any corpus definition that validates', async () => {
    const {corpusFiles} = await import('../helpers/corpus.js')
    const dir = tempDir()
    const prefix = uniqueName('c')
    for (const [i, file] of corpusFiles().entries()) {
      // each file under its own prefix, so that the same name in two files does not collide
      const text = readFileSync(file, 'utf8')
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        continue
      }
      const rename = (d: Record<string, unknown>) => ({...d, name: `${prefix}${i}_${String(d.name)}`})
      const renamed = Array.isArray(parsed)
        ? parsed.map((d) => rename(d as Record<string, unknown>))
        : rename(parsed as Record<string, unknown>)
      const sub = join(dir, String(i))
      mkdirSync(sub)
      writeFileSync(join(sub, 'def.json'), JSON.stringify(renamed, null, 2))
    }
    // keep the files our validator passes (its verdicts agree with the server's: validate-verdicts.test.ts)
    const {rmSync, readdirSync} = await import('node:fs')
    for (const kind of ['workflow', 'task']) {
      const report = JSON.parse((await cli([kind, 'validate', dir, '--json'])).stdout) as {
        problems: {file: string; severity: string}[]
      }
      const problems = report.problems
      for (const p of problems) if (p.severity === 'error') rmSync(join(p.file, '..'), {recursive: true, force: true})
    }
    const copied = readdirSync(dir).length
    expect(copied).toBeGreaterThan(100)
    const registered = await cli(['workflow', 'register', dir])
    expect(registered.exitCode, registered.stderr.slice(-2000)).toBe(0)
    const diff = await cli(['workflow', 'diff', dir])
    expect(diff.stdout).toBe('')
    expect(diff.exitCode, diff.stderr.slice(-500)).toBe(0)
  }, 600_000)
})
