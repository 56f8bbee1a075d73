#!/usr/bin/env node
/**
 * Fixture for the bulk bench: starts N executions of NAME (a workflow parked at a WAIT task) with
 * raw requests, 100 at once, all with correlation id CORR; with `terminated`, then terminates them
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
const ids = []
for (let i = 0; i < Number(n); i += 100)
  ids.push(
    ...(await Promise.all(
      Array.from({length: Math.min(100, Number(n) - i)}, () =>
        call('POST', '/workflow', {name, input: {}, correlationId: corr}),
      ),
    )),
  )
if (state === 'terminated')
  for (let i = 0; i < ids.length; i += 1000) {
    const answer = JSON.parse(await call('POST', '/workflow/bulk/terminate', ids.slice(i, i + 1000)))
    if (Object.keys(answer.bulkErrorResults).length > 0)
      throw new Error(`terminate: ${JSON.stringify(answer.bulkErrorResults).slice(0, 200)}`)
  }
