import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {MockAgent} from 'undici'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import Promote from '../../../src/commands/promote.js'
import {buildClient, type Connection} from '../../../src/lib/client/build-client.js'
import {BaseCommand} from '../../../src/lib/command/base-command.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {
  defs,
  error,
  installFake,
  OK,
  served,
  tempDirs,
  type Doc,
  type FakeConductor,
  type Holdings,
} from './fake-conductor.js'

/**
 * `promote` talks to two servers: both are played by one MockAgent, each origin answering what the
 * test declares for it. The clients are the real ones (buildClient) sending through that agent.
 */
const SOURCE = 'http://source.test:8080'
const TARGET = 'http://target.test:8080'
const tmp = tempDirs()
let agent: MockAgent
let source: FakeConductor
let target: FakeConductor
const built: Connection[] = []

beforeEach(() => {
  agent = new MockAgent()
  agent.disableNetConnect()
  source = installFake(agent, SOURCE)
  target = installFake(agent, TARGET)
  built.length = 0
  vi.stubEnv('CONDUCTOR_CLI_HOME', tmp.dir())
})
afterEach(async () => {
  vi.unstubAllEnvs()
  await agent.close()
  const left = [...source.unanswered, ...target.unanswered].map((r) => `${r.method} ${r.path}`)
  expect(left, 'requests no answer was declared for').toEqual([])
})

async function promote(argv: string[]) {
  const base = BaseCommand.prototype as unknown as {buildClient: (c: Connection) => Promise<unknown>}
  vi.spyOn(base, 'buildClient').mockImplementation(async (connection: Connection) => {
    built.push(connection)
    const client = await buildClient(connection, {userAgent: 'test', dispatcher: agent, timeoutSeconds: 2})
    // promote closes the clients it built; the agent they share is closed after the test
    client.close = async () => {}
    return client
  })
  return runInProcess(Promote as unknown as CommandClass, argv)
}

const servers = ['--from-server', `${SOURCE}/api`, '--to-server', `${TARGET}/api`]
type Item = {
  kind: string
  name: string
  version?: number
  action: string
  result?: string
  changedPaths: string[]
  document?: Doc
}
type Plan = {
  format: string
  source: {server: string; profile?: string}
  target: {server: string; profile?: string}
  items: Item[]
  targetOnly: {kind: string; name: string}[]
  summary: Record<string, number>
  error?: {kind: string; message: string}
}
const actions = (plan: Plan, field: 'action' | 'result' = 'action') =>
  plan.items.map((i) => `${i[field]} ${i.kind} ${i.name}${i.version === undefined ? '' : ` v${i.version}`}`)

const orders2 = defs.workflow('orders', 2, [defs.simple('t1'), defs.simple('t1b', 't1')])
const nightly = defs.schedule('nightly', 'orders', {startWorkflowRequest: {name: 'orders', version: 2, input: {}}})

/** Every list a side may be asked for (empty unless given). */
const holding = (side: FakeConductor, state: Holdings = {}) =>
  side.holds({workflows: [], taskDefs: [], schedules: [], handlers: [], ...state})

/** The source holds a task, two versions of a workflow and a schedule; the target nothing unless declared after. */
function seedSource() {
  holding(source, {taskDefs: [defs.task('t1')], workflows: [defs.workflow('orders', 1), orders2], schedules: [nightly]})
}

/** The target accepts every write. */
function targetAccepts() {
  target.on('POST', '/api/metadata/taskdefs', OK)
  target.on('PUT', '/api/metadata/workflow', {body: served.bulk(['orders'])})
  target.on('POST', '/api/scheduler/schedules', {body: served.schedule(nightly)})
}

describe('promote', () => {
  it('--dry-run plans create/update/unchanged from the source and the target and writes nothing', async () => {
    seedSource()
    holding(target, {taskDefs: [defs.task('t1', {retryCount: 5})], workflows: [defs.workflow('only_here', 1)]})
    const {doc, exitCode} = await promote([...servers, '--dry-run', '--json'])
    expect(exitCode).toBe(0)
    const plan = doc as Plan
    expect(plan.format).toBe('conductor-promotion-plan/1')
    expect(plan.source.server).toBe(SOURCE)
    expect(plan.target.server).toBe(TARGET)
    expect(actions(plan).sort()).toEqual(['create schedule nightly', 'create workflow orders v2', 'update task t1'])
    expect(plan.items.find((i) => i.name === 't1')?.changedPaths).toEqual(['$.retryCount'])
    expect(plan.targetOnly).toEqual([expect.objectContaining({kind: 'workflow', name: 'only_here'})])
    expect([...source.writes(), ...target.writes()]).toEqual([])
    // both sides were built from the URLs, without auth
    expect(built.map((c) => c.server).sort()).toEqual([`${SOURCE}/api`, `${TARGET}/api`])
  })

  it('--yes applies in order; a new schedule arrives paused; promoting again is a no-op', async () => {
    seedSource()
    // the target is read to plan, again before writing, then holds what was sent
    const empty = {body: []}
    target.on('GET', '/api/metadata/taskdefs', empty, empty, {body: [served.taskDef(defs.task('t1'))]})
    target.on('GET', '/api/metadata/workflow', empty, empty, {body: [served.workflow(orders2)]})
    target.on('GET', '/api/scheduler/schedules', empty, empty, {body: [served.schedule({...nightly, paused: true})]})
    holding(target)
    targetAccepts()
    const {doc, exitCode} = await promote([...servers, '--yes', '--json'])
    expect(exitCode).toBe(0)
    expect(actions(doc as Plan, 'result').sort()).toEqual([
      'created schedule nightly',
      'created task t1',
      'created workflow orders v2',
    ])
    expect(target.writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/metadata/taskdefs',
      'PUT /api/metadata/workflow',
      'POST /api/scheduler/schedules',
    ])
    const [tasks, workflows, schedule] = target.writes().map((r) => r.body)
    expect(tasks).toEqual([defs.task('t1')])
    // the latest version only
    expect((workflows as Doc[]).map((w) => `${w.name} v${w.version}`)).toEqual(['orders v2'])
    expect(schedule).toMatchObject({name: 'nightly', paused: true})
    expect(source.writes()).toEqual([])

    target.requests.length = 0
    const again = await promote([...servers, '--yes'])
    expect(again.exitCode).toBe(0)
    expect(again.stderr).toContain(`Nothing to promote to ${TARGET}`)
    expect(target.writes()).toEqual([])
  })

  it('names, --kind, --all-versions and --keep-schedules-active select and shape what is promoted', async () => {
    holding(source, {
      taskDefs: [defs.task('t1')],
      workflows: [defs.workflow('billing', 1), defs.workflow('orders', 1), orders2],
      schedules: [nightly],
    })
    holding(target)
    targetAccepts()
    const workflows = await promote([...servers, 'ord*', '--kind', 'workflow', '--all-versions', '--dry-run', '--json'])
    expect(actions(workflows.doc as Plan)).toEqual(['create workflow orders v1', 'create workflow orders v2'])
    const schedules = await promote([...servers, '--kind', 'schedule', '--keep-schedules-active', '--yes', '--json'])
    expect(schedules.exitCode).toBe(0)
    expect(target.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/scheduler/schedules'])
    expect(target.writes()[0]?.body).toMatchObject({name: 'nightly', paused: false})
  })

  it('text: the plan on stderr; without --yes off a terminal it refuses (2) and writes nothing', async () => {
    seedSource()
    holding(target)
    const {exitCode, stderr} = await promote(servers)
    expect(exitCode).toBe(2)
    expect(stderr).toContain(`Plan: ${SOURCE} → ${TARGET}`)
    expect(stderr).toMatch(/ {2}create {2}workflow orders v2/)
    expect(stderr).toContain('needs --yes')
    expect(target.writes()).toEqual([])
  })

  it('a saved plan (--dry-run --json) is applied with --plan, and refused (5) when the target moved since', async () => {
    seedSource()
    // the target's task definitions: none when planned, t1 when the plan is first applied, none again
    target.on(
      'GET',
      '/api/metadata/taskdefs',
      {body: []},
      {body: [served.taskDef(defs.task('t1', {retryCount: 9}))]},
      {body: []},
    )
    holding(target)
    targetAccepts()
    const planned = await promote([...servers, '--dry-run', '--json'])
    const file = join(tmp.dir(), 'plan.json')
    await writeFile(file, planned.stdout)
    const moved = await promote(['--plan', file, '--to-server', `${TARGET}/api`, '--yes', '--json'])
    expect(moved.exitCode).toBe(5)
    expect((moved.doc as Plan).error?.message).toContain('the target changed since the plan was made: task t1')
    expect(target.writes()).toEqual([])

    const ok = await promote(['--plan', file, '--yes', '--json'])
    expect(ok.exitCode).toBe(0)
    expect(target.sent('POST', '/api/metadata/taskdefs').map((r) => r.body)).toEqual([[defs.task('t1')]])
    expect(JSON.parse(await readFile(file, 'utf8')).format).toBe('conductor-promotion-plan/1')
  })

  it('a failed write on the target is exit 9, reported per definition', async () => {
    holding(source, {taskDefs: [defs.task('t1')]})
    holding(target)
    target.on('POST', '/api/metadata/taskdefs', error(400, 'bad task'))
    const {doc, exitCode} = await promote([...servers, '--yes', '--json'])
    expect(exitCode).toBe(9)
    expect((doc as Plan).items[0]).toMatchObject({name: 't1', result: 'failed'})
    expect(JSON.stringify(doc)).toContain('bad task')
  })

  it('a write whose answer is lost (500) is unknown: may have been applied, promote again (exit 9)', async () => {
    holding(source, {taskDefs: [defs.task('t1')]})
    holding(target)
    target.on('POST', '/api/metadata/taskdefs', error(500, 'database is locked'))
    const {exitCode, stderr, stdout} = await promote([...servers, '--yes'])
    expect(exitCode).toBe(9)
    expect(stdout).toMatch(/task\s+t1\s+unknown/)
    expect(stderr).toContain('Items marked unknown may have been applied')
  })

  it('text after applying: a table of what changed and a count', async () => {
    holding(source, {taskDefs: [defs.task('t1'), defs.task('t2')]})
    holding(target, {taskDefs: [defs.task('t2')]})
    targetAccepts()
    const {exitCode, stdout, stderr} = await promote([...servers, '--yes'])
    expect(exitCode).toBe(0)
    expect(stdout).toMatch(/^KIND\s+NAME\s+VERSION\s+ACTION/)
    expect(stdout).toMatch(/task\s+t1\s+created/)
    expect(stdout).not.toMatch(/t2/)
    expect(stderr).toContain(`${SOURCE} → ${TARGET}: 1 created, 1 unchanged`)
    expect(target.writes().map((r) => r.body)).toEqual([[defs.task('t1')]])
  })

  it('profiles name each side (their server and auth, from their files)', async () => {
    holding(source, {taskDefs: [defs.task('t1')]})
    holding(target)
    await writeFile(join(tmp.dir(), 'config-dev.yaml'), `server: ${SOURCE}/api\n`)
    await writeFile(join(tmp.dir(), 'config-prod.yaml'), `server: ${TARGET}/api\nauth-token: secret-token-123\n`)
    const {doc, exitCode, stdout} = await promote(['--from', 'dev', '--to', 'prod', '--dry-run', '--json'])
    expect(exitCode).toBe(0)
    expect((doc as Plan).source).toEqual({server: SOURCE, profile: 'dev'})
    expect((doc as Plan).target).toEqual({server: TARGET, profile: 'prod'})
    expect(built.find((c) => c.server === `${TARGET}/api`)?.authToken).toBe('secret-token-123')
    expect(stdout).not.toContain('secret-token-123')
  })

  it('usage errors: no side, the same server twice, --server, a missing profile, a plan with names', async () => {
    await writeFile(join(tmp.dir(), 'config-noserver.yaml'), 'auth-token: x\n')
    const cases: [string[], string][] = [
      [['--to-server', `${TARGET}/api`], 'Name the source: --from PROFILE or --from-server URL'],
      [
        ['--from-server', `${SOURCE}/api`, '--to-server', `${SOURCE}/api`],
        'The source and the target are the same server',
      ],
      [[...servers, '--server', `${SOURCE}/api`], 'promote takes --from/--to'],
      [['--from', 'nosuch', '--to-server', `${TARGET}/api`], 'Profile "nosuch" (--from) does not exist'],
      [['--plan', join(tmp.dir(), 'p.json'), 'orders'], 'With --plan, the names come from the plan'],
      [['--plan', join(tmp.dir(), 'missing.json')], 'Cannot read the plan'],
      [['--from', 'noserver', '--to-server', `${TARGET}/api`], 'Profile "noserver" (--from) has no server'],
    ]
    for (const [argv, message] of cases) {
      const {doc, exitCode} = await promote([...argv, '--json'])
      expect(exitCode, argv.join(' ')).toBe(2)
      expect((doc as Plan).error?.message).toContain(message)
    }
    expect(source.requests).toEqual([])
    expect(target.requests).toEqual([])
  })
})
