import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {secondServer} from '../helpers/second-server.js'
import {cli, serverGet, tempDir, uniqueName} from '../helpers/server-env.js'

const owner = 'cli-tests@example.com'
const setVar = (ref: string, v: unknown = 1) => ({
  name: ref,
  taskReferenceName: ref,
  type: 'SET_VARIABLE',
  inputParameters: {v},
})
const wf = (name: string, tasks: unknown[], extra: Record<string, unknown> = {}) => ({
  name,
  version: 1,
  schemaVersion: 2,
  ownerEmail: owner,
  tasks,
  ...extra,
})
const versionsOf = async (name: string) =>
  (await serverGet<{version: number}[]>(`/metadata/workflow/${encodeURIComponent(name)}/versions`)).body.map(
    (v) => v.version,
  )
interface Result {
  name: string
  version?: number
  action: string
  previousVersion?: number
}

describe('workflow register --bump / --version-policy', () => {
  it('--bump creates a new version only when the definition changed, compared with the latest', async () => {
    const dir = tempDir()
    const name = uniqueName('bump')
    const file = join(dir, 'w.json')
    writeFileSync(file, JSON.stringify(wf(name, [setVar('a', 1)])))
    const first = await cli(['workflow', 'register', dir, '--bump', '--json'])
    expect(first.exitCode, first.stderr).toBe(0)
    expect(JSON.parse(first.stdout)).toEqual([expect.objectContaining({name, version: 1, action: 'created'})])

    const again = await cli(['workflow', 'register', dir, '--bump', '--json'])
    expect(JSON.parse(again.stdout)).toEqual([expect.objectContaining({version: 1, action: 'unchanged'})])
    expect(await versionsOf(name)).toEqual([1])

    writeFileSync(file, JSON.stringify(wf(name, [setVar('a', 2)])))
    const bumped = await cli(['workflow', 'register', dir, '--bump', '--json'])
    expect(bumped.exitCode, bumped.stderr).toBe(0)
    expect((JSON.parse(bumped.stdout) as Result[])[0]).toMatchObject({
      version: 2,
      action: 'created',
      previousVersion: 1,
    })
    expect(await versionsOf(name)).toEqual([1, 2])
    // version 1 keeps its content; the file still says version 1
    expect(
      (await serverGet<{tasks: {inputParameters: {v: number}}[]}>(`/metadata/workflow/${name}?version=1`)).body.tasks[0]
        ?.inputParameters.v,
    ).toBe(1)

    // the same file again: equal to the latest (v2), so nothing new, though the file says version 1
    const same = await cli(['workflow', 'register', dir, '--version-policy', 'bump'])
    expect(same.exitCode, same.stderr).toBe(0)
    expect(same.stderr).toContain('1 unchanged')
    expect(await versionsOf(name)).toEqual([1, 2])

    // the human table shows the version written and the one it followed
    writeFileSync(file, JSON.stringify(wf(name, [setVar('a', 3)])))
    const human = await cli(['workflow', 'register', dir, '--bump'])
    expect(human.stdout).toMatch(new RegExp(`${name} +3 \\(was 2\\) +created`))
  })

  it('--bump and --version-policy cannot be combined', async () => {
    const result = await cli(['workflow', 'register', tempDir(), '--bump', '--version-policy', 'overwrite'])
    expect(result.exitCode).toBe(2)
  })

  it('fail-if-changed registers nothing (exit 5) and names what differs; without differences it registers', async () => {
    const dir = tempDir()
    const prefix = uniqueName('fic')
    writeFileSync(join(dir, 'a.json'), JSON.stringify(wf(`${prefix}_a`, [setVar('a', 1)])))
    expect((await cli(['workflow', 'register', dir])).exitCode).toBe(0)
    writeFileSync(join(dir, 'a.json'), JSON.stringify(wf(`${prefix}_a`, [setVar('a', 2)])))
    writeFileSync(join(dir, 'b.json'), JSON.stringify(wf(`${prefix}_b`, [setVar('b')])))
    const refused = await cli(['workflow', 'register', dir, '--version-policy', 'fail-if-changed'])
    expect(refused.exitCode).toBe(5)
    expect(refused.stderr).toContain(`workflow ${prefix}_a v1`)
    expect(refused.stderr).not.toContain(`${prefix}_b`)
    expect((await serverGet(`/metadata/workflow/${prefix}_b`)).status).toBe(404)
    expect(
      (await serverGet<{tasks: {inputParameters: {v: number}}[]}>(`/metadata/workflow/${prefix}_a`)).body.tasks[0]
        ?.inputParameters.v,
    ).toBe(1)

    const json = await cli(['workflow', 'register', dir, '--version-policy', 'fail-if-changed', '--json'])
    expect(json.exitCode).toBe(5)
    expect(JSON.parse(json.stdout)).toMatchObject({
      error: {
        kind: 'conflict',
        exitCode: 5,
        details: {changed: [{name: `${prefix}_a`, version: 1, changedPaths: ['$.tasks[0].inputParameters.v']}]},
      },
    })

    writeFileSync(join(dir, 'a.json'), JSON.stringify(wf(`${prefix}_a`, [setVar('a', 1)])))
    const ok = await cli(['workflow', 'register', dir, '--version-policy', 'fail-if-changed', '--json'])
    expect(ok.exitCode, ok.stderr).toBe(0)
    expect(Object.fromEntries((JSON.parse(ok.stdout) as Result[]).map((r) => [r.name, r.action]))).toEqual({
      [`${prefix}_a`]: 'unchanged',
      [`${prefix}_b`]: 'created',
    })
  })
})

describe('export', () => {
  const target = secondServer(8132)
  const onSecond = target.cli
  const prefix = uniqueName('exp')
  const exported = tempDir()

  beforeAll(async () => {
    await target.start()
    // a small folder's worth on the first server: task definitions, a sub-workflow pair with two child versions, odd names
    const dir = tempDir()
    const defs = [
      {name: `${prefix}_task`, retryCount: 2, timeoutSeconds: 120, responseTimeoutSeconds: 60, ownerEmail: owner},
      {name: `${prefix}:task/with slash`, ownerEmail: owner},
      wf(`${prefix}_child`, [setVar('c', 1)]),
      wf(`${prefix}_child`, [setVar('c', 2)], {version: 2}),
      wf(`${prefix}_parent`, [
        {
          name: 'sub',
          taskReferenceName: 'sub',
          type: 'SUB_WORKFLOW',
          subWorkflowParam: {name: `${prefix}_child`, version: 2},
        },
        {name: `${prefix}_task`, taskReferenceName: 't', type: 'SIMPLE'},
      ]),
      wf(`${prefix} odd/name.v9`, [setVar('x')], {description: 'a name with a space, a slash and .v9'}),
    ]
    writeFileSync(join(dir, 'defs.json'), JSON.stringify(defs))
    const registered = await cli(['workflow', 'register', dir])
    if (registered.exitCode !== 0) throw new Error(`register failed: ${registered.stderr}`)
  }, 300_000)

  afterAll(target.stop, 120_000)

  it('writes one file per definition with safe names; a second export writes nothing', async () => {
    const first = await cli(['export', exported, '--name', `${prefix}*`, '--json'])
    expect(first.exitCode, first.stderr).toBe(0)
    const report = JSON.parse(first.stdout) as {
      files: {file: string; action: string}[]
      summary: {written: number; unchanged: number}
    }
    expect(report.files.map((f) => f.file).sort()).toEqual(
      [
        `tasks/${prefix}%3Atask%2Fwith%20slash.json`,
        `tasks/${prefix}_task.json`,
        `workflows/${prefix}%20odd%2Fname.v9.v1.json`,
        `workflows/${prefix}_child.v2.json`,
        `workflows/${prefix}_parent.v1.json`,
      ].sort(),
    )
    expect(report.summary.written).toBe(5)
    const child = readFileSync(join(exported, `workflows/${prefix}_child.v2.json`), 'utf8')
    expect(child).not.toMatch(/createTime|updateTime|createdBy|updatedBy|ownerApp/)
    expect(Object.keys(JSON.parse(child) as object)).toEqual(Object.keys(JSON.parse(child) as object).sort())
    const mtimes = readdirSync(join(exported, 'workflows')).map((f) => statSync(join(exported, 'workflows', f)).mtimeMs)

    const second = await cli(['export', exported, '--name', `${prefix}*`, '--json'])
    expect(second.exitCode, second.stderr).toBe(0)
    expect((JSON.parse(second.stdout) as typeof report).summary).toMatchObject({written: 0, unchanged: 5})
    expect(
      readdirSync(join(exported, 'workflows')).map((f) => statSync(join(exported, 'workflows', f)).mtimeMs),
    ).toEqual(mtimes)
    const human = await cli(['export', exported, '--name', `${prefix}*`])
    expect(human.stdout).toBe('')
    expect(human.stderr).toContain('0 written (0 new, 0 updated), 5 unchanged')
  })

  it('round trip: the export registered on an EMPTY server, then diffed against the first server: no difference', async () => {
    const workflows = await onSecond(['workflow', 'list', '-o', 'json'])
    expect(JSON.parse(workflows.stdout)).toEqual([]) // really empty
    const registered = await onSecond(['workflow', 'register', exported])
    expect(registered.exitCode, registered.stderr).toBe(0)
    const diffFirst = await cli(['workflow', 'diff', exported])
    expect(diffFirst.stdout).toBe('')
    expect(diffFirst.exitCode, diffFirst.stderr).toBe(0)
    const diffSecond = await onSecond(['workflow', 'diff', exported])
    expect(diffSecond.exitCode, diffSecond.stdout).toBe(0)
    // and the second server exports to the same bytes
    const again = tempDir()
    expect((await onSecond(['export', again, '--name', `${prefix}*`])).exitCode).toBe(0)
    for (const folder of ['workflows', 'tasks']) {
      const files = readdirSync(join(exported, folder)).sort()
      expect(readdirSync(join(again, folder)).sort()).toEqual(files)
      for (const f of files)
        expect(readFileSync(join(again, folder, f), 'utf8')).toBe(readFileSync(join(exported, folder, f), 'utf8'))
    }
  })

  it('--all-versions, --kind, --format yaml; stale files are kept unless --prune', async () => {
    const dir = tempDir()
    const all = await cli([
      'export',
      dir,
      '--name',
      `${prefix}_child`,
      '--all-versions',
      '--format',
      'yaml',
      '--kind',
      'workflow',
      '--json',
    ])
    expect(all.exitCode, all.stderr).toBe(0)
    expect(readdirSync(join(dir, 'workflows')).sort()).toEqual([`${prefix}_child.v1.yaml`, `${prefix}_child.v2.yaml`])
    // a file export did not write (hand-written, or from elsewhere) is never pruned, only reported
    writeFileSync(join(dir, 'workflows', `${prefix}_child.v7.yaml`), 'name: gone\n')
    const again = ['export', dir, '--name', `${prefix}_child`, '--all-versions', '--format', 'yaml']
    expect((await cli(again)).exitCode).toBe(0)
    expect(readdirSync(join(dir, 'workflows'))).toHaveLength(3)
    // a version gone from the server: its file (which export wrote) is stale, kept unless --prune
    expect((await cli(['workflow', 'delete', `${prefix}_child`, '2', '--yes'])).exitCode).toBe(0)
    expect(readdirSync(join(dir, 'workflows'))).toHaveLength(3)
    const pruned = await cli([...again, '--prune'])
    expect(pruned.exitCode, pruned.stderr).toBe(0)
    expect(pruned.stdout).toMatch(/pruned +workflows\/.*_child\.v2\.yaml/)
    expect(pruned.stdout).toMatch(/kept +workflows\/.*_child\.v7\.yaml +no record that export wrote it/)
    expect(readdirSync(join(dir, 'workflows')).sort()).toEqual([`${prefix}_child.v1.yaml`, `${prefix}_child.v7.yaml`])
  })
})
