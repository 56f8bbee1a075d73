import {createRequire} from 'node:module'
import type {Agent as AgentClass, Dispatcher, interceptors as Interceptors} from 'undici'

/**
 * The parts of undici this CLI uses, loaded from their own modules. undici's index loads
 * everything (fetch, WebSocket, caches, mocks): ~44 ms of a ~220 ms `workflow list` on Node 20,
 * against ~15 ms for these. test/unit/undici-lite.test.ts checks they are the index's own exports.
 */
const load = createRequire(import.meta.url)

export const Agent = load('undici/lib/dispatcher/agent.js') as typeof AgentClass
export const retryInterceptor = load('undici/lib/interceptor/retry.js') as typeof Interceptors.retry
const {getGlobalDispatcher} = load('undici/lib/global.js') as {getGlobalDispatcher: () => Dispatcher}
const apiRequest = load('undici/lib/api/api-request.js') as (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>

export type RequestOptions = Partial<Omit<Dispatcher.RequestOptions, 'origin' | 'path'>> & {
  dispatcher?: Dispatcher | undefined
}

/** undici's `request(url, {dispatcher, ...})`, without its index. */
export async function request(url: string, options: RequestOptions = {}): Promise<Dispatcher.ResponseData> {
  const {dispatcher, method = 'GET', ...rest} = options
  const parsed = new URL(url)
  return apiRequest.call(dispatcher ?? getGlobalDispatcher(), {
    ...rest,
    method,
    origin: parsed.origin,
    path: parsed.pathname + parsed.search,
  })
}
