#!/usr/bin/env node
/**
 * A burst of workflow starts: N executions of NAME, C requests in flight at any moment, spread over
 * the given nodes in turn, with raw requests. Then waits (through the search index, up to 10 minutes)
 * until every started execution has ended, and prints one JSON object: how long the starts took,
 * how long until all had ended, failed requests, the executions by final status and a few reasons.
 * Usage: burst.mjs NAME N C API_URL [API_URL...]
 */
import {URLSearchParams} from 'node:url'

const [name, n, c, ...apis] = process.argv.slice(2)
const total = Number(n)
const concurrency = Number(c)
const t0 = performance.now()
let next = 0
let requestFailures = 0
const requestErrors = []
async function lane() {
  while (next < total) {
    const i = next++
    const api = apis[i % apis.length]
    try {
      const response = await fetch(`${api}/workflow`, {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({name, input: {i}, correlationId: `burst-${i}`}),
      })
      const text = await response.text()
      if (!response.ok) throw new Error(`HTTP ${response.status} ${text.slice(0, 160)}`)
    } catch (error) {
      requestFailures++
      if (requestErrors.length < 3) requestErrors.push(String(error.message ?? error))
    }
  }
}
await Promise.all(Array.from({length: concurrency}, lane))
const startMs = performance.now() - t0

const search = async (query, size = 1) => {
  const params = new URLSearchParams({query, size: String(size), sort: 'startTime:DESC', freeText: '*'})
  const response = await fetch(`${apis[0]}/workflow/search?${params}`)
  if (!response.ok) throw new Error(`search: HTTP ${response.status} ${await response.text()}`)
  return response.json()
}
const started = total - requestFailures
const ended = `workflowType="${name}" AND status IN (COMPLETED,FAILED,TERMINATED,TIMED_OUT)`
const deadline = Date.now() + 600_000
let endedCount = 0
while (Date.now() < deadline) {
  endedCount = (await search(ended)).totalHits
  if (endedCount >= started) break
  await new Promise((resolve) => setTimeout(resolve, 250))
}
const endedMs = performance.now() - t0
const statuses = {}
for (const status of ['RUNNING', 'COMPLETED', 'FAILED', 'TERMINATED', 'TIMED_OUT'])
  statuses[status] = (await search(`workflowType="${name}" AND status="${status}"`)).totalHits
const failed = await search(`workflowType="${name}" AND status="FAILED"`, 3)
const reasons = [...new Set(failed.results.map((r) => (r.reasonForIncompletion ?? '').slice(0, 160)))]
process.stdout.write(
  JSON.stringify({
    startMs: Math.round(startMs),
    endedMs: Math.round(endedMs),
    allEnded: endedCount >= started,
    requestFailures,
    requestErrors,
    statuses,
    reasons,
  }) + '\n',
)
