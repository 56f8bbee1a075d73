#!/usr/bin/env node
/**
 * Fixture for the bulk bench: starts N executions of NAME (a workflow parked at a WAIT task) with
 * raw requests, 25 at once (a start whose connection failed before an answer is sent again, up to 3
 * times: a loaded server dropped connections with 100 in flight), all with correlation id CORR; with `terminated`, then terminates them
 * with the bulk endpoint, so that they can be retried.
 * Usage: bulk-fixture.mjs API_URL NAME N CORR [terminated]
 */
const [api, name, n, corr, state] = process.argv.slice(2)
const call = async (method, path, body) => {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {'content-type': 'application/json'},
    body: JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`)
  return text.trim()
}
const AT_ONCE = 25
const start = async (attempt = 1) => {
  try {
    return await call('POST', '/workflow', {name, input: {}, correlationId: corr})
  } catch (error) {
    // fetch's own failure (no HTTP answer) only; an HTTP error is the server's and is not retried
    if (attempt >= 3 || !(error instanceof TypeError)) throw error
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt))
    return start(attempt + 1)
  }
}
const ids = []
for (let i = 0; i < Number(n); i += AT_ONCE)
  ids.push(...(await Promise.all(Array.from({length: Math.min(AT_ONCE, Number(n) - i)}, () => start()))))
if (state === 'terminated')
  for (let i = 0; i < ids.length; i += 1000) {
    const answer = JSON.parse(await call('POST', '/workflow/bulk/terminate', ids.slice(i, i + 1000)))
    if (Object.keys(answer.bulkErrorResults).length > 0)
      throw new Error(`terminate: ${JSON.stringify(answer.bulkErrorResults).slice(0, 200)}`)
  }
