import {MockAgent} from 'undici'
import {describe, expect, it} from 'vitest'
import {authFor, buildClient} from '../../../src/lib/client/build-client.js'

describe('buildClient', () => {
  it('auth: a token wins, then key + secret; one of the pair alone is a usage error', async () => {
    expect(await authFor({server: 'x', authToken: 't', authKey: 'k'})).toEqual({mode: 'token', token: 't'})
    expect(await authFor({server: 'x', authKey: 'k', authSecret: 's'})).toMatchObject({
      mode: 'key',
      keyId: 'k',
      keySecret: 's',
    })
    expect(await authFor({server: 'x'})).toEqual({mode: 'none'})
    await expect(authFor({server: 'x', authKey: 'k'})).rejects.toMatchObject({kind: 'usage'})
    await expect(authFor({server: 'x', authSecret: 's'})).rejects.toMatchObject({kind: 'usage'})
  })

  it('takes the URL with or without /api, sends the user agent, and names an unreadable --ca-file', async () => {
    const agent = new MockAgent()
    agent.disableNetConnect()
    let agentHeader: unknown
    agent
      .get('http://two.test:8080')
      .intercept({path: '/api/metadata/taskdefs', method: 'GET'})
      .reply(
        (request) => (
          (agentHeader = (request.headers as Record<string, string>)['user-agent']),
          {statusCode: 200, data: []}
        ),
      )
    const client = await buildClient(
      {server: 'http://two.test:8080/api/'},
      {userAgent: 'conductor-cli/test', dispatcher: agent},
    )
    expect(client.root).toBe('http://two.test:8080')
    expect(await client.json('GET', '/metadata/taskdefs')).toEqual([])
    expect(agentHeader).toBe('conductor-cli/test')
    await client.close() // closes the dispatcher it was given too
    await expect(
      buildClient({server: 'http://x'}, {userAgent: 'u', caFile: '/nonexistent/ca.pem'}),
    ).rejects.toMatchObject({kind: 'usage', message: expect.stringContaining('ENOENT')})
  })
})
