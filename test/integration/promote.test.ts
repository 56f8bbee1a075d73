import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {FaultProxy} from '../helpers/fault-proxy.js'
import {secondServer} from '../helpers/second-server.js'
import {cli, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'

const target = secondServer(8131)
const second = target.url
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
const onSecond = target.cli
const secondGet = target.get

interface PlanItem {
  kind: string
  name: string
  version?: number
  action: string
  result?: string
  changedPaths: string[]
}
interface Plan {
  items: PlanItem[]
  targetOnly: {name: string}[]
  summary: {create: number; update: number; unchanged: number; targetOnly: number}
}

const prefix = uniqueName('promo')
const sides = () => ['--from-server', serverUrl(), '--to-server', second]

beforeAll(async () => {
  await target.start()
  // a folder's worth on the first server: 6 task definitions, 14 workflows (one with two versions, a sub-workflow pair, a fork and a switch)
  const dir = tempDir()
  for (let i = 0; i < 6; i++)
    writeFileSync(
      join(dir, `task${i}.json`),
      JSON.stringify({
        name: `${prefix}_task${i}`,
        retryCount: i,
        timeoutSeconds: 300,
        responseTimeoutSeconds: 60,
        ownerEmail: owner,
      }),
    )
  for (let i = 0; i < 10; i++)
    writeFileSync(
      join(dir, `wf${i}.json`),
      JSON.stringify(
        wf(`${prefix}_wf${i}`, [
          setVar('a', i),
          {name: `${prefix}_task${i % 6}`, taskReferenceName: 'work', type: 'SIMPLE'},
        ]),
      ),
    )
  writeFileSync(
    join(dir, 'child.json'),
    JSON.stringify([wf(`${prefix}_child`, [setVar('c', 1)]), wf(`${prefix}_child`, [setVar('c', 2)], {version: 2})]),
  )
  writeFileSync(
    join(dir, 'parent.json'),
    JSON.stringify(
      wf(`${prefix}_parent`, [
        {
          name: 'sub',
          taskReferenceName: 'sub',
          type: 'SUB_WORKFLOW',
          subWorkflowParam: {name: `${prefix}_child`, version: 2},
        },
      ]),
    ),
  )
  writeFileSync(
    join(dir, 'shapes.json'),
    JSON.stringify(
      wf(`${prefix}_shapes`, [
        {name: 'fork', taskReferenceName: 'fork', type: 'FORK_JOIN', forkTasks: [[setVar('f1')], [setVar('f2')]]},
        {name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['f1', 'f2']},
        {
          name: 'sw',
          taskReferenceName: 'sw',
          type: 'SWITCH',
          evaluatorType: 'value-param',
          expression: 'k',
          inputParameters: {k: '${workflow.input.k}'},
          decisionCases: {a: [setVar('s1')]},
          defaultCase: [setVar('s2')],
        },
      ]),
    ),
  )
  writeFileSync(join(dir, 'other.json'), JSON.stringify(wf(`${prefix}x_other`, [setVar('o')])))
  const registered = await cli(['workflow', 'register', dir])
  if (registered.exitCode !== 0) throw new Error(`register failed: ${registered.stderr}`)
}, 300_000)

afterAll(target.stop, 120_000)

describe('promote', () => {
  it('needs --yes off a terminal and changes nothing without it', async () => {
    const result = await cli(['promote', ...sides(), `${prefix}_*`])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('--yes')
    expect((await secondGet(`/metadata/workflow/${prefix}_parent`)).status).toBe(404)
  })

  it('promotes the matching definitions in dependency order; the servers then agree', async () => {
    // through a proxy, to see the order of the writes
    const proxy = await new FaultProxy(new URL(`http://localhost:${target.port}`)).start()
    const result = await cli([
      'promote',
      '--from-server',
      serverUrl(),
      '--to-server',
      proxy.url,
      `${prefix}_*`,
      '--yes',
      '--json',
    ]).finally(() => proxy.stop())
    expect(result.exitCode, result.stderr).toBe(0)
    const writes = proxy.log.filter((l) => l.method !== 'GET').map((l) => `${l.method} ${l.path}`)
    // task definitions first, then the workflows in two levels: the child (and the rest) before its parent
    expect(writes).toEqual(['POST /api/metadata/taskdefs', 'PUT /api/metadata/workflow', 'PUT /api/metadata/workflow'])
    const plan = JSON.parse(result.stdout) as Plan
    // 6 task definitions and 13 workflows (the latest version of the child only); the x_other name does not match
    expect(plan.items).toHaveLength(19)
    expect(plan.items.every((i) => i.action === 'create' && i.result === 'created')).toBe(true)
    expect(plan.items.find((i) => i.name === `${prefix}_child`)?.version).toBe(2)
    expect(plan.items.some((i) => i.name.includes('x_other'))).toBe(false)
    expect((await secondGet<{tasks: unknown[]}>(`/metadata/workflow/${prefix}_parent`)).status).toBe(200)
    expect((await secondGet<{retryCount: number}>(`/metadata/taskdefs/${prefix}_task3`)).body.retryCount).toBe(3)

    // an export of the first, diffed against the second: no difference
    const dir = tempDir()
    expect((await cli(['export', dir, '--name', `${prefix}_*`])).exitCode).toBe(0)
    const diff = await onSecond(['workflow', 'diff', dir])
    expect(diff.stdout).toBe('')
    expect(diff.exitCode, diff.stderr).toBe(0)
  })

  it('a second promote changes nothing', async () => {
    const dry = await cli(['promote', ...sides(), `${prefix}_*`, '--dry-run', '--json'])
    expect(dry.exitCode, dry.stderr).toBe(0)
    expect((JSON.parse(dry.stdout) as Plan).summary).toMatchObject({create: 0, update: 0, unchanged: 19})
    const again = await cli(['promote', ...sides(), `${prefix}_*`, '--yes'])
    expect(again.exitCode, again.stderr).toBe(0)
    expect(again.stdout).toBe('')
    expect(again.stderr).toContain('Nothing to promote')
  })

  it('plans an update and leaves definitions only on the target alone', async () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 'w.json'),
      JSON.stringify(
        wf(`${prefix}_wf1`, [
          setVar('a', 'changed'),
          {name: `${prefix}_task1`, taskReferenceName: 'work', type: 'SIMPLE'},
        ]),
      ),
    )
    expect((await cli(['workflow', 'register', dir])).exitCode).toBe(0)
    writeFileSync(join(dir, 'w.json'), JSON.stringify(wf(`${prefix}_target_only`, [setVar('t')])))
    expect((await onSecond(['workflow', 'register', dir])).exitCode).toBe(0)

    const dry = await cli(['promote', ...sides(), `${prefix}_*`, '--kind', 'workflow', '--dry-run'])
    expect(dry.exitCode, dry.stderr).toBe(0)
    expect(dry.stdout).toMatch(
      new RegExp(`workflow +${prefix}_wf1 +1 +update +\\$\\.tasks\\[0\\]\\.inputParameters\\.v`),
    )
    expect(dry.stderr).toContain(`Only on the target (left alone): workflow ${prefix}_target_only v1`)
    expect(dry.stderr).toMatch(/1 to update, 12 unchanged/)

    const applied = await cli(['promote', ...sides(), `${prefix}_wf1`, '--yes', '--json'])
    expect(applied.exitCode, applied.stderr).toBe(0)
    expect((JSON.parse(applied.stdout) as Plan).items).toEqual([
      expect.objectContaining({name: `${prefix}_wf1`, action: 'update', result: 'updated'}),
    ])
    expect((await secondGet(`/metadata/workflow/${prefix}_target_only`)).status).toBe(200)
  })

  it('a saved plan whose target changed before it is applied is refused (exit 5), naming the definition', async () => {
    const dir = tempDir()
    const planFile = join(tempDir(), 'plan.json')
    writeFileSync(
      join(dir, 'w.json'),
      JSON.stringify(
        wf(`${prefix}_wf2`, [
          setVar('a', 'from source'),
          {name: `${prefix}_task2`, taskReferenceName: 'work', type: 'SIMPLE'},
        ]),
      ),
    )
    expect((await cli(['workflow', 'register', dir])).exitCode).toBe(0)
    const planned = await cli(['promote', ...sides(), `${prefix}_wf2`, `${prefix}_wf3`, '--dry-run', '--json'])
    expect(planned.exitCode, planned.stderr).toBe(0)
    writeFileSync(planFile, planned.stdout)
    expect((JSON.parse(planned.stdout) as Plan).summary).toMatchObject({update: 1, unchanged: 1})

    // someone changes the target in between
    writeFileSync(
      join(dir, 'w.json'),
      JSON.stringify(
        wf(`${prefix}_wf2`, [
          setVar('a', 'concurrent edit'),
          {name: `${prefix}_task2`, taskReferenceName: 'work', type: 'SIMPLE'},
        ]),
      ),
    )
    expect((await onSecond(['workflow', 'register', dir])).exitCode).toBe(0)

    const refused = await cli(['promote', '--plan', planFile, '--yes'])
    expect(refused.exitCode).toBe(5)
    expect(refused.stderr).toContain(`the target changed since the plan was made: workflow ${prefix}_wf2 v1`)
    const kept = await secondGet<{tasks: {inputParameters: {v: string}}[]}>(`/metadata/workflow/${prefix}_wf2`)
    expect(kept.body.tasks[0]?.inputParameters.v).toBe('concurrent edit')

    // a fresh plan, unchanged target: applied exactly as saved
    const replanned = await cli(['promote', ...sides(), `${prefix}_wf2`, '--dry-run', '--json'])
    writeFileSync(planFile, replanned.stdout)
    const applied = await cli(['promote', '--plan', planFile, '--yes', '--json'])
    expect(applied.exitCode, applied.stderr).toBe(0)
    expect((JSON.parse(applied.stdout) as Plan).items).toEqual([
      expect.objectContaining({name: `${prefix}_wf2`, result: 'updated'}),
    ])
    const now = await secondGet<{tasks: {inputParameters: {v: string}}[]}>(`/metadata/workflow/${prefix}_wf2`)
    expect(now.body.tasks[0]?.inputParameters.v).toBe('from source')
    expect(readFileSync(planFile, 'utf8')).toContain('conductor-promotion-plan/1')
  })

  it('sides from profiles; usage errors name what is missing', async () => {
    const home = tempDir()
    const env = {CONDUCTOR_CLI_HOME: home}
    expect((await cli(['config', 'save', '--profile', 'src', '--server', serverUrl()], {env})).exitCode).toBe(0)
    expect((await cli(['config', 'save', '--profile', 'dst', '--server', second], {env})).exitCode).toBe(0)
    const dry = await cli(['promote', '--from', 'src', '--to', 'dst', `${prefix}_*`, '--dry-run', '--json'], {env})
    expect(dry.exitCode, dry.stderr).toBe(0)
    expect((JSON.parse(dry.stdout) as Plan).summary).toMatchObject({create: 0, update: 0, unchanged: 19})

    expect((await cli(['promote', '--to', 'dst'], {env})).stderr).toContain('--from PROFILE or --from-server URL')
    expect((await cli(['promote', '--from', 'nope', '--to', 'dst'], {env})).exitCode).toBe(2)
    expect((await cli(['promote', '--from', 'src', '--to-server', serverUrl()], {env})).stderr).toContain(
      'the same server',
    )
    const badPlan = join(tempDir(), 'bad.json')
    writeFileSync(badPlan, '{"items": []}')
    expect((await cli(['promote', '--plan', badPlan, '--yes'], {env})).exitCode).toBe(3)
  })
})
