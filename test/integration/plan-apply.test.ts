import {rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {secondServer} from '../helpers/second-server.js'
import {cli, serverGet, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'

// a second server for promote, in this helper's port range
const target = secondServer(8210)
const prefix = uniqueName('i13')
const dir = tempDir()
const owner = 'cli-tests@example.com'

interface Item {
  kind: string
  name: string
  version?: number
  action: string
  result?: string
  file?: string
  changedPaths: string[]
}
interface Plan {
  items: Item[]
}
const changed = (plan: Plan) =>
  plan.items
    .filter((i) => i.action !== 'unchanged')
    .map((i) => `${i.action} ${i.kind} ${i.name}`)
    .sort()
const write = (file: string, doc: unknown) => writeFileSync(join(dir, file), JSON.stringify(doc, null, 2))
const wf = (i: number) => ({
  name: `${prefix}_wf${i}`,
  version: 1,
  schemaVersion: 2,
  ownerEmail: owner,
  tasks:
    i === 0
      ? [
          {
            name: `${prefix}_wf1`,
            taskReferenceName: 'sub',
            type: 'SUB_WORKFLOW',
            subWorkflowParam: {name: `${prefix}_wf1`, version: 1},
          },
        ]
      : [{name: `${prefix}_task${i % 10}`, taskReferenceName: `t${i}`, type: 'SIMPLE'}],
})
const task = (i: number) => ({name: `${prefix}_task${i}`, retryCount: 1, ownerEmail: owner})
const schedule = (i: number) => ({
  name: `${prefix}_sched${i}`,
  cronExpression: `0 ${i} * * * *`,
  zoneId: 'Europe/Paris',
  startWorkflowRequest: {name: `${prefix}_wf${i + 1}`, version: 1, input: {n: i}},
})
const handler = (i: number) => ({
  name: `${prefix}_eh${i}`,
  event: `conductor:${prefix}_wf${i + 1}:done`,
  active: true,
  actions: [{action: 'start_workflow', start_workflow: {name: `${prefix}_wf${i + 2}`, version: 1}}],
})

let ownTarget = false
beforeAll(async () => {
  // a second server already up on this port (started by hand on a loaded machine) is used as it is
  const up = await fetch(target.url.replace(/\/api$/, '/health'))
    .then((r) => r.ok)
    .catch(() => false)
  if (!up) {
    await target.start()
    ownTarget = true
  }
  for (let i = 0; i < 20; i++) write(`wf${i}.json`, wf(i))
  for (let i = 0; i < 10; i++) write(`task${i}.json`, task(i))
  // schedules and handlers in one multi-document YAML file and in JSON files, beside the rest
  for (let i = 0; i < 5; i++) write(`sched${i}.json`, schedule(i))
  for (let i = 0; i < 3; i++) write(`eh${i}.json`, handler(i))
}, 300_000)

afterAll(async () => {
  await cli(['apply', dir, '--prune', '--match', `${prefix}_*`, '--yes']).catch(() => undefined)
  if (ownTarget) await target.stop()
})

describe('plan and apply: every kind in one tree', () => {
  it('applies 20 workflows, 10 task definitions, 5 schedules and 3 event handlers, then plan has nothing to do', async () => {
    const before = await cli(['plan', dir, '--json'])
    expect(before.exitCode, before.stderr).toBe(1)
    const planned = JSON.parse(before.stdout) as Plan
    expect(planned.items.filter((i) => i.action === 'create')).toHaveLength(38)
    // dependency order: task definitions, workflows, event handlers, schedules
    expect([...new Set(planned.items.map((i) => i.kind))]).toEqual(['task', 'workflow', 'event-handler', 'schedule'])

    const applied = await cli(['apply', dir, '--json'])
    expect(applied.exitCode, applied.stderr).toBe(0)
    const result = JSON.parse(applied.stdout) as Plan
    expect(result.items.filter((i) => i.result === 'created')).toHaveLength(38)
    const sched = await serverGet<{cronExpression: string; zoneId: string}>(`/scheduler/schedules/${prefix}_sched2`)
    expect(sched.body).toMatchObject({cronExpression: '0 2 * * * *', zoneId: 'Europe/Paris'})

    const after = await cli(['plan', dir])
    expect(after.exitCode, after.stderr + after.stdout).toBe(0)
  }, 120_000)

  it('names exactly the four objects changed, one of each kind, and sends only them', async () => {
    write('wf5.json', {...wf(5), description: 'changed'})
    write('task3.json', {...task(3), retryCount: 4})
    write('sched1.json', {...schedule(1), cronExpression: '0 30 6 * * MON-FRI'})
    write('eh0.json', {...handler(0), active: false})
    const plan = await cli(['plan', dir, '--json'])
    expect(plan.exitCode, plan.stderr).toBe(1)
    expect(changed(JSON.parse(plan.stdout) as Plan)).toEqual(
      [
        `update event-handler ${prefix}_eh0`,
        `update schedule ${prefix}_sched1`,
        `update task ${prefix}_task3`,
        `update workflow ${prefix}_wf5`,
      ].sort(),
    )
    const applied = await cli(['apply', dir, '--json'])
    expect(applied.exitCode, applied.stderr).toBe(0)
    const results = (JSON.parse(applied.stdout) as Plan).items.filter((i) => i.result !== 'unchanged')
    expect(results).toHaveLength(4)
    expect((await cli(['plan', dir])).exitCode).toBe(0)
  }, 120_000)

  it('refuses a saved plan when the server changed since, and applies it when not', async () => {
    write('task4.json', {...task(4), retryCount: 6})
    const planFile = join(tempDir(), 'plan.json')
    expect((await cli(['plan', dir, '--out', planFile])).exitCode).toBe(1)
    // someone changes the same task definition meanwhile
    const other = join(tempDir(), 'other.json')
    writeFileSync(other, JSON.stringify({...task(4), retryCount: 9}))
    expect((await cli(['apply', other])).exitCode).toBe(0)
    const refused = await cli(['apply', '--plan', planFile, '--yes'])
    expect(refused.exitCode, refused.stderr).toBe(5)
    expect(refused.stderr).toContain(`task ${prefix}_task4`)
    const fresh = join(tempDir(), 'plan2.json')
    expect((await cli(['plan', dir, '--out', fresh])).exitCode).toBe(1)
    const ok = await cli(['apply', '--plan', fresh, '--yes'])
    expect(ok.exitCode, ok.stderr).toBe(0)
    expect((await serverGet<{retryCount: number}>(`/metadata/taskdefs/${prefix}_task4`)).body.retryCount).toBe(6)
  }, 120_000)

  it('apply --prune removes exactly the object whose file was deleted, after showing it, and only with --yes', async () => {
    rmSync(join(dir, 'sched4.json'))
    const plan = await cli(['plan', dir, '--prune', '--match', `${prefix}_*`, '--json'])
    expect(plan.exitCode).toBe(1)
    expect(changed(JSON.parse(plan.stdout) as Plan)).toEqual([`delete schedule ${prefix}_sched4`])
    const refused = await cli(['apply', dir, '--prune', '--match', `${prefix}_*`])
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain(`schedule ${prefix}_sched4`)
    expect((await serverGet(`/scheduler/schedules/${prefix}_sched4`)).status).toBe(200)
    const pruned = await cli(['apply', dir, '--prune', '--match', `${prefix}_*`, '--yes', '--json'])
    expect(pruned.exitCode, pruned.stderr).toBe(0)
    const done = (JSON.parse(pruned.stdout) as Plan).items.filter((i) => i.result !== 'unchanged')
    expect(done.map((i) => `${i.result} ${i.kind} ${i.name}`)).toEqual([`deleted schedule ${prefix}_sched4`])
    expect((await serverGet(`/scheduler/schedules/${prefix}_sched4`)).status).toBe(404)
    expect((await serverGet(`/scheduler/schedules/${prefix}_sched3`)).status).toBe(200)
  }, 120_000)

  it('rejects a schedule with a 5-field cron and one that starts an unknown workflow, sending nothing', async () => {
    const bad = tempDir()
    writeFileSync(
      join(bad, 'bad.yaml'),
      `name: ${prefix}_bad1\ncronExpression: "0 * * * *"\nstartWorkflowRequest: {name: ${prefix}_wf1}\n---\nname: ${prefix}_bad2\ncronExpression: "0 0 * * * *"\nstartWorkflowRequest: {name: ${prefix}_nowhere}\n`,
    )
    const result = await cli(['apply', bad])
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('six fields')
    expect(result.stderr).toContain(`${prefix}_nowhere`)
    expect((await serverGet(`/scheduler/schedules/${prefix}_bad1`)).status).toBe(404)
  })

  it('promote carries all four kinds to a second server, and a promoted schedule is paused', async () => {
    const promoted = await cli([
      'promote',
      '--from-server',
      serverUrl(),
      '--to-server',
      target.url,
      `${prefix}_*`,
      '--yes',
      '--json',
    ])
    expect(promoted.exitCode, promoted.stderr).toBe(0)
    const items = (JSON.parse(promoted.stdout) as Plan).items
    const created = (kind: string) => items.filter((i) => i.kind === kind && i.result === 'created').length
    expect([created('workflow'), created('task'), created('schedule'), created('event-handler')]).toEqual([
      20, 10, 4, 3,
    ])
    const sched = await target.get<{paused: boolean; cronExpression: string}>(`/scheduler/schedules/${prefix}_sched1`)
    expect(sched.body).toMatchObject({paused: true, cronExpression: '0 30 6 * * MON-FRI'})
    const handlers = await target.get<{name: string}[]>('/event')
    expect(handlers.body.filter((h) => h.name.startsWith(prefix))).toHaveLength(3)
    // promoting again changes nothing: the target's paused state is the target's
    const again = await cli([
      'promote',
      '--from-server',
      serverUrl(),
      '--to-server',
      target.url,
      `${prefix}_*`,
      '--yes',
      '--json',
    ])
    expect(again.exitCode, again.stderr).toBe(0)
    expect((JSON.parse(again.stdout) as Plan).items.map((i) => i.result ?? i.action)).toEqual(
      Array(37).fill('unchanged'),
    )
  }, 180_000)

  it('export writes schedules and event handlers beside workflows and task definitions', async () => {
    const out = tempDir()
    const exported = await cli(['export', out, '--name', `${prefix}_*`, '--json'])
    expect(exported.exitCode, exported.stderr).toBe(0)
    const files = (JSON.parse(exported.stdout) as {files: {file: string}[]}).files.map((f) => f.file)
    expect(files).toContain(`schedules/${prefix}_sched0.json`)
    expect(files).toContain(`event-handlers/${prefix}_eh2.json`)
    // the export plans clean against the server it came from
    const plan = await cli(['plan', out])
    expect(plan.exitCode, plan.stderr).toBe(0)
  })
})
