import {describe, expect, it} from 'vitest'
import * as undici from 'undici'
import {Agent, request, retryInterceptor} from '../../../src/lib/client/undici-lite.js'

describe('undici-lite', () => {
  it("loads the same classes and functions as undici's index", () => {
    expect(Agent).toBe(undici.Agent)
    expect(retryInterceptor).toBe(undici.interceptors.retry)
  })

  it('sends a request through the given dispatcher, with the path and query of the URL', async () => {
    const mock = new undici.MockAgent()
    mock.disableNetConnect()
    mock
      .get('http://conductor.test')
      .intercept({path: '/api/metadata/workflow?name=a%20b', method: 'PUT', body: '[]'})
      .reply(201, 'ok')
    const response = await request('http://conductor.test/api/metadata/workflow?name=a%20b', {
      dispatcher: mock,
      method: 'PUT',
      body: '[]',
    })
    expect(response.statusCode).toBe(201)
    expect(await response.body.text()).toBe('ok')
    await mock.close()
  })

  it('uses the global dispatcher when none is given, as undici.request does', async () => {
    const previous = undici.getGlobalDispatcher()
    const mock = new undici.MockAgent()
    mock.disableNetConnect()
    mock.get('http://conductor.test').intercept({path: '/health'}).reply(200, '{"healthy":true}')
    undici.setGlobalDispatcher(mock)
    try {
      const response = await request('http://conductor.test/health')
      expect(await response.body.text()).toBe('{"healthy":true}')
    } finally {
      undici.setGlobalDispatcher(previous)
      await mock.close()
    }
  })
})
