import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {cli, serverGet, tempDir, uniqueName} from '../helpers/server-env.js'

const owner = 'cli-tests@example.com'
const wf = (name: string, value: string, version = 1) => ({
  name,
  version,
  schemaVersion: 2,
  ownerEmail: owner,
  tasks: [{name: 'v', taskReferenceName: 'v', type: 'SET_VARIABLE', inputParameters: {value}}],
})
interface Row {
  name: string
  version: number
  action: string
  previousVersion?: number
  warning?: string
}
const valueOf = (doc: {tasks: {inputParameters: {value: string}}[]}) => doc.tasks[0]?.inputParameters.value

describe('register --bump under concurrency (issue 14, item 1)', () => {
  it('two concurrent bumps of different content, 20 times: every report is true, no version lost', async () => {
    const name = uniqueName('bumprace')
    const dir = tempDir()
    writeFileSync(join(dir, 'seed.json'), JSON.stringify(wf(name, 'seed')))
    expect((await cli(['workflow', 'register', join(dir, 'seed.json')])).exitCode).toBe(0)
    const claims: {version: number; value: string}[] = []
    const started = Date.now()
    for (let round = 0; round < 20; round++) {
      const files = ['a', 'b'].map((side) => {
        const file = join(dir, `${side}.json`)
        writeFileSync(file, JSON.stringify(wf(name, `${side}${round}`)))
        return {file, value: `${side}${round}`}
      })
      const runs = await Promise.all(files.map((f) => cli(['workflow', 'register', f.file, '--bump', '--json'])))
      runs.forEach((run, i) => {
        expect(run.exitCode, run.stderr + run.stdout).toBe(0)
        const [row] = JSON.parse(run.stdout) as Row[]
        expect(row?.action).toBe('created')
        claims.push({version: row?.version ?? -1, value: files[i]?.value ?? ''})
      })
    }
    // every claimed version holds the content its run registered, and no two runs claim one version
    expect(new Set(claims.map((c) => c.version)).size).toBe(claims.length)
    for (const claim of claims) {
      const got = await serverGet<Parameters<typeof valueOf>[0]>(`/metadata/workflow/${name}?version=${claim.version}`)
      expect(got.status).toBe(200)
      expect(valueOf(got.body)).toBe(claim.value)
    }
    expect(Date.now() - started).toBeLessThan(120_000)
  }, 180_000)

  it('a bump that meets the same content already registered reports it unchanged', async () => {
    const name = uniqueName('bumpsame')
    const dir = tempDir()
    writeFileSync(join(dir, 'seed.json'), JSON.stringify(wf(name, 'seed')))
    expect((await cli(['workflow', 'register', join(dir, 'seed.json')])).exitCode).toBe(0)
    writeFileSync(join(dir, 'next.json'), JSON.stringify(wf(name, 'same')))
    const runs = await Promise.all(
      [0, 1].map(() => cli(['workflow', 'register', join(dir, 'next.json'), '--bump', '--json'])),
    )
    const rows = runs.map((r) => (JSON.parse(r.stdout) as Row[])[0])
    expect(rows.map((r) => r?.action).sort()).toEqual(['created', 'unchanged'])
    expect(rows.map((r) => r?.version)).toEqual([2, 2])
    const versions = await serverGet<{version: number}[]>(`/metadata/workflow/${name}/versions`)
    expect(versions.body.length).toBe(2)
  }, 60_000)
})

describe('writing a version that is not the latest (issue 14, item 7)', () => {
  it('warns on stderr and in --json when register overwrites an older version', async () => {
    const name = uniqueName('notlatest')
    const dir = tempDir()
    writeFileSync(join(dir, 'w.json'), JSON.stringify(wf(name, 'one')))
    expect((await cli(['workflow', 'register', join(dir, 'w.json')])).exitCode).toBe(0)
    writeFileSync(join(dir, 'w.json'), JSON.stringify(wf(name, 'two')))
    expect((await cli(['workflow', 'register', join(dir, 'w.json'), '--bump'])).exitCode).toBe(0)
    writeFileSync(join(dir, 'w.json'), JSON.stringify(wf(name, 'three')))
    const human = await cli(['workflow', 'register', join(dir, 'w.json')])
    expect(human.exitCode, human.stderr).toBe(0)
    expect(human.stderr).toMatch(new RegExp(`${name}.*version 1.*latest.*2`))
    writeFileSync(join(dir, 'w.json'), JSON.stringify(wf(name, 'four')))
    const json = await cli(['workflow', 'register', join(dir, 'w.json'), '--json'])
    const [row] = JSON.parse(json.stdout) as Row[]
    expect(row?.warning).toMatch(/latest is version 2/)
  }, 60_000)
})
