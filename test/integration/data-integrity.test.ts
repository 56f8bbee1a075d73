import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {FaultProxy} from '../helpers/fault-proxy.js'
import {cli, serverGet, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'

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
    // one run creates version 2 and the other finds it unchanged; on Postgres both creates can pass the
    // server's check, the second overwriting the first with the same content, and both say created
    expect(rows.map((r) => r?.action)).toContain('created')
    for (const row of rows) expect(['created', 'unchanged']).toContain(row?.action)
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

describe('export of long names and --prune (issue 14, items 2 and 3)', () => {
  it('exports a CJK name over the file-name limit with the rest, and prune keeps a hand-written draft', async () => {
    const prefix = uniqueName('exp')
    const dir = tempDir()
    const defs = tempDir()
    const long = `${prefix}_${'工作流程'.repeat(10)}` // 40 CJK characters: 360 bytes once encoded
    writeFileSync(join(defs, 'long.json'), JSON.stringify(wf(long, 'l')))
    writeFileSync(join(defs, 'short.json'), JSON.stringify(wf(`${prefix}_short`, 's')))
    expect((await cli(['workflow', 'register', defs])).exitCode).toBe(0)
    const first = await cli(['export', dir, '--name', `${prefix}*`, '--json'])
    expect(first.exitCode, first.stderr + first.stdout).toBe(0)
    const files = readdirSync(join(dir, 'workflows'))
    expect(files).toHaveLength(2)
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([])
    // the export registers as it is, long name included
    const diff = await cli(['workflow', 'diff', dir])
    expect(diff.exitCode, diff.stdout + diff.stderr).toBe(0)

    // a draft named like an export file, never registered: --prune must not delete it
    const draft = join(dir, 'workflows', `${prefix}_draft.v1.json`)
    writeFileSync(draft, JSON.stringify(wf(`${prefix}_draft`, 'd'), null, 2))
    const pruned = await cli(['export', dir, '--name', `${prefix}*`, '--prune'])
    expect(pruned.exitCode, pruned.stderr).toBe(0)
    expect(existsSync(draft)).toBe(true)
    expect(pruned.stdout).toMatch(/kept.*_draft\.v1\.json.*no record that export wrote it/)
  }, 60_000)
})

describe('exact values (issue 14, items 4 and 5)', () => {
  it('refuses an integer beyond 2^53 on register, naming file, path, line and column', async () => {
    const dir = tempDir()
    const file = join(dir, 'big.json')
    const doc = JSON.stringify(wf(uniqueName('big'), 'b'), null, 2).replace(
      '"schemaVersion": 2',
      '"schemaVersion": 2,\n  "timeoutSeconds": 9007199254740993',
    )
    writeFileSync(file, doc)
    const run = await cli(['workflow', 'register', file])
    expect(run.exitCode).toBe(3)
    expect(run.stderr).toContain(`${file}:5:3`)
    expect(run.stderr).toContain('$.timeoutSeconds')
    expect(run.stderr).toContain('9007199254740993')
  })

  it('export refuses a server value beyond 2^53 (it was rounded on read) and writes the rest', async () => {
    const prefix = uniqueName('bigexp')
    const body = JSON.stringify(wf(`${prefix}_big`, 'b')).replace(
      '"schemaVersion":2',
      '"schemaVersion":2,"timeoutSeconds":9007199254740993',
    )
    const posted = await fetch(`${serverUrl()}/metadata/workflow`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body,
    })
    expect(posted.status).toBe(200)
    const stored = await fetch(`${serverUrl()}/metadata/workflow/${prefix}_big?version=1`).then((r) => r.text())
    expect(stored).toContain('"timeoutSeconds":9007199254740993') // the server keeps it exactly (Java long)
    const defs = tempDir()
    writeFileSync(join(defs, 'ok.json'), JSON.stringify(wf(`${prefix}_ok`, 'o')))
    expect((await cli(['workflow', 'register', defs])).exitCode).toBe(0)
    const dir = tempDir()
    const run = await cli(['export', dir, '--name', `${prefix}*`])
    expect(run.exitCode).toBe(9) // one written, one refused: a partial failure
    expect(run.stdout).toMatch(/failed.*_big\.v1\.json.*\$\.timeoutSeconds holds an integer beyond 2\^53/)
    expect(readdirSync(join(dir, 'workflows'))).toEqual([`${prefix}_ok.v1.json`])
  })

  it('__proto__ in inputParameters survives register, export and diff', async () => {
    const prefix = uniqueName('proto')
    const dir = tempDir()
    const out = tempDir()
    const text = JSON.stringify(wf(`${prefix}_w`, 'p')).replace(
      '"inputParameters":{',
      '"inputParameters":{"__proto__":{"x":1},',
    )
    writeFileSync(join(dir, 'w.json'), text)
    expect((await cli(['workflow', 'register', dir])).exitCode).toBe(0)
    const stored = await fetch(`${serverUrl()}/metadata/workflow/${prefix}_w?version=1`).then((r) => r.text())
    expect(stored).toContain('"__proto__":{"x":1}')
    expect((await cli(['export', out, '--name', `${prefix}*`])).exitCode).toBe(0)
    expect(readFileSync(join(out, 'workflows', `${prefix}_w.v1.json`), 'utf8')).toContain('"__proto__"')
    const diff = await cli(['workflow', 'diff', out])
    expect(diff.exitCode, diff.stdout).toBe(0)
  })

  it('a task written with workflowTaskType: validation follows the server, diff sees no change', async () => {
    const name = uniqueName('wtt')
    const dir = tempDir()
    const doc = {
      ...wf(name, 'x'),
      tasks: [
        {
          name: 'end',
          taskReferenceName: 'end',
          workflowTaskType: 'TERMINATE',
          inputParameters: {terminationStatus: 'COMPLETED'},
        },
      ],
    }
    writeFileSync(join(dir, 'w.json'), JSON.stringify(doc))
    expect((await cli(['workflow', 'register', dir])).exitCode).toBe(0)
    const stored = await serverGet<{tasks: {type: string}[]}>(`/metadata/workflow/${name}?version=1`)
    expect(stored.body.tasks[0]?.type).toBe('TERMINATE')
    const diff = await cli(['workflow', 'diff', dir])
    expect(diff.exitCode, diff.stdout).toBe(0)

    // the server refuses a SWITCH without evaluatorType and cases: so does validate
    writeFileSync(
      join(dir, 'switch.json'),
      JSON.stringify({
        ...wf(`${name}_s`, 'x'),
        tasks: [{name: 's', taskReferenceName: 's', workflowTaskType: 'SWITCH'}],
      }),
    )
    const server = await fetch(`${serverUrl()}/metadata/workflow`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: readFileSync(join(dir, 'switch.json'), 'utf8'),
    })
    expect(server.status).toBe(400)
    expect((await cli(['workflow', 'validate', join(dir, 'switch.json')])).exitCode).toBe(3)
  })
})

describe('a run cut off halfway (issue 14, item 6)', () => {
  let proxy: FaultProxy
  beforeAll(async () => {
    proxy = await new FaultProxy(new URL(serverUrl().replace(/\/api$/, ''))).start()
  })
  afterAll(async () => proxy.stop())

  it('reports a batch whose answer was lost as unknown (may have been applied), and a re-run converges', async () => {
    const prefix = uniqueName('cut')
    const dir = tempDir()
    for (let i = 0; i < 3; i++) writeFileSync(join(dir, `w${i}.json`), JSON.stringify(wf(`${prefix}_${i}`, `v${i}`)))
    // the read of the server's state passes; every upsert reaches the server and loses its answer
    proxy.clear().next('pass', ...Array<'reset'>(12).fill('reset'))
    const cut = await cli(['workflow', 'register', dir, '--json'], {env: {CONDUCTOR_SERVER_URL: proxy.url}})
    proxy.clear()
    expect(cut.exitCode).toBe(9)
    const rows = (JSON.parse(cut.stdout) as {result: (Row & {error?: string})[]}).result
    expect(rows.map((r) => r.action)).toEqual(['unknown', 'unknown', 'unknown'])
    expect(rows[0]?.error).toMatch(/^batch 1 \(3 workflows\): may have been applied/)
    // it was applied: the server holds them, and running again finds nothing to send
    for (let i = 0; i < 3; i++) expect((await serverGet(`/metadata/workflow/${prefix}_${i}`)).status).toBe(200)
    const human = await cli(['workflow', 'register', dir], {env: {CONDUCTOR_SERVER_URL: proxy.url}})
    expect(human.exitCode, human.stderr).toBe(0)
    expect(human.stderr).toContain('3 unchanged')
  }, 60_000)

  it('says on stderr that re-running converges', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'w.json'), JSON.stringify(wf(uniqueName('cut2'), 'x')))
    proxy.clear().next('pass', ...Array<'reset'>(12).fill('reset'))
    const cut = await cli(['workflow', 'register', dir], {env: {CONDUCTOR_SERVER_URL: proxy.url}})
    proxy.clear()
    expect(cut.exitCode).toBe(9)
    expect(cut.stderr).toMatch(/1 may have been applied.*run the same command again/)
  }, 60_000)
})
