import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it, vi} from 'vitest'
import type {Connection} from '../../../src/lib/client/build-client.js'
import {ConductorClient} from '../../../src/lib/client/client.js'
import {writeProfile} from '../../../src/lib/config/profiles.js'
import {CliError} from '../../../src/lib/errors.js'
import {loadSavedPlan, preparePromotion, type PromoteAsk} from '../../../src/lib/definitions/promote-prepare.js'
import {mockServer} from '../../helpers/mock-server.js'

const SOURCE = 'http://source.test:8080'
const TARGET = 'http://target.test:8080'
const server = mockServer(SOURCE)
const JSON_HEADERS = {headers: {'content-type': 'application/json'}}
const ask = (over: Partial<PromoteAsk> = {}): PromoteAsk => ({
  fromServer: `${SOURCE}/api`,
  toServer: `${TARGET}/api`,
  kind: 'workflow',
  allVersions: false,
  keepSchedulesActive: false,
  names: [],
  ...over,
})
const wf = (name: string, version: number, ref: string) => ({
  name,
  version,
  schemaVersion: 2,
  tasks: [{name: ref, taskReferenceName: ref, type: 'SIMPLE'}],
})

afterEach(() => vi.unstubAllEnvs())

/** Clients on the test's MockAgent, one per origin, recording what was connected. */
function connector() {
  const connected: Connection[] = []
  const connect = async (connection: Connection) => {
    connected.push(connection)
    return new ConductorClient({
      root: connection.server.replace(/\/api$/, ''),
      timeoutMs: 2000,
      auth: {mode: 'none'},
      dispatcher: server.agent,
      retry: {baseDelayMs: 1, maxDelayMs: 2},
    })
  }
  return {connected, connect}
}

function serve(origin: string, defs: unknown[]): void {
  server.agent.get(origin).intercept({path: '/api/metadata/workflow', method: 'GET'}).reply(200, defs, JSON_HEADERS)
}

async function refused(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(CliError)
  return error as CliError
}

describe('preparePromotion', () => {
  it('reads both sides and plans create / update / unchanged for the names asked', async () => {
    serve(SOURCE, [wf('orders', 1, 'a'), wf('pay', 1, 'a'), wf('ship', 1, 'a'), wf('other', 1, 'a')])
    serve(TARGET, [wf('pay', 1, 'b'), wf('ship', 1, 'a')])
    const {connect, connected} = connector()
    const {plan} = await preparePromotion(ask({names: ['orders', 'pay', 'sh*']}), connect)
    expect(connected.map((c) => c.server)).toEqual([`${SOURCE}/api`, `${TARGET}/api`])
    expect(plan.items.map((i) => `${i.action} ${i.name}`).sort()).toEqual([
      'create orders',
      'unchanged ship',
      'update pay',
    ])
    expect(plan.source).toEqual({server: SOURCE})
  })

  it('refuses a missing side and the same server on both sides, before connecting', async () => {
    const {connect, connected} = connector()
    const missing = await refused(preparePromotion(ask({fromServer: undefined}), connect))
    expect(missing.message).toBe('Name the source: --from PROFILE or --from-server URL')
    const same = await refused(preparePromotion(ask({toServer: `${SOURCE}/`}), connect))
    expect(same.message).toBe(`The source and the target are the same server (${SOURCE})`)
    expect(connected).toEqual([])
  })

  it('a profile side takes its server and auth from the profile file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prom-'))
    vi.stubEnv('CONDUCTOR_CLI_HOME', dir)
    await writeProfile('stage', {server: `${SOURCE}/api`, 'auth-token': 'tok'})
    serve(SOURCE, [])
    serve(TARGET, [])
    const {connect, connected} = connector()
    const {plan} = await preparePromotion(ask({fromServer: undefined, from: 'stage'}), connect)
    expect(connected[0]).toMatchObject({server: `${SOURCE}/api`, authToken: 'tok'})
    expect(plan.source).toEqual({server: SOURCE, profile: 'stage'})
  })
})

describe('loadSavedPlan', () => {
  const planFile = async () => {
    serve(SOURCE, [wf('orders', 1, 'a')])
    serve(TARGET, [])
    const {plan} = await preparePromotion(ask(), connector().connect)
    const file = join(mkdtempSync(join(tmpdir(), 'plan-')), 'plan.json')
    writeFileSync(file, JSON.stringify(plan))
    return file
  }

  it("connects to the plan's target", async () => {
    const file = await planFile()
    const {connect, connected} = connector()
    const {plan} = await loadSavedPlan(file, ask({fromServer: undefined, toServer: undefined}), connect)
    expect(plan.items.map((i) => i.name)).toEqual(['orders'])
    expect(connected).toEqual([{server: TARGET}])
  })

  it('refuses NAMES, an unreadable file, and another target', async () => {
    const file = await planFile()
    const {connect} = connector()
    expect((await refused(loadSavedPlan(file, ask({names: ['x']}), connect))).message).toBe(
      'With --plan, the names come from the plan; give no NAMES',
    )
    expect((await refused(loadSavedPlan(join(tmpdir(), 'nosuch-plan.json'), ask(), connect))).message).toMatch(
      /^Cannot read the plan .*: ENOENT$/,
    )
    const other = await refused(loadSavedPlan(file, ask({toServer: 'http://else.test:1/api'}), connect))
    expect(other.message).toBe(`The plan was made for ${TARGET}, not http://else.test:1`)
  })
})
