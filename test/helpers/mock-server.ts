import {MockAgent, type MockPool} from 'undici'
import {afterEach, beforeEach} from 'vitest'
import {ConductorClient} from '../../src/lib/client/client.js'

export const MOCK_ORIGIN = 'http://conductor.test:8080'

export interface MockServer {
  /** This test's MockAgent (a fresh one per test; the network is off). */
  readonly agent: MockAgent
  /** A client sending through it, with fast retries. */
  client: () => ConductorClient
  /** The agent's pool for the origin, to intercept requests on. */
  pool: () => MockPool
}

/** undici's MockAgent as the server, renewed for each test: call at the top of a file or of a describe. */
export function mockServer(origin = MOCK_ORIGIN): MockServer {
  let agent: MockAgent | undefined
  beforeEach(() => {
    agent = new MockAgent()
    agent.disableNetConnect()
  })
  afterEach(async () => agent?.close())
  const current = (): MockAgent => {
    if (!agent) throw new Error('mockServer: the agent exists only inside a test')
    return agent
  }
  return {
    get agent() {
      return current()
    },
    client: () =>
      new ConductorClient({
        root: origin,
        timeoutMs: 2000,
        auth: {mode: 'none'},
        dispatcher: current(),
        retry: {baseDelayMs: 1, maxDelayMs: 2},
      }),
    pool: () => current().get(origin),
  }
}
