#!/usr/bin/env node
/**
 * Baseline for the bulk bench: reads the ids a search finds (offset paging, pages of 1000, as a bare
 * script would), then sends the bulk endpoint in requests of 1000 ids, one after the other.
 * Usage: raw-bulk.mjs API_URL terminate|retry QUERY
 */
import {URLSearchParams} from 'node:url'

const [api, op, query] = process.argv.slice(2)
const ids = []
for (let start = 0; ;) {
  const params = new URLSearchParams({query, sort: 'startTime:DESC', start: String(start), size: '1000'})
  const response = await fetch(`${api}/workflow/search?${params}`)
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`)
  const {results} = await response.json()
  ids.push(...results.map((r) => r.workflowId))
  start += results.length
  if (results.length < 1000) break
}
let failed = 0
for (let i = 0; i < ids.length; i += 1000) {
  const response = await fetch(`${api}/workflow/bulk/${op}`, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify(ids.slice(i, i + 1000)),
  })
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`)
  failed += Object.keys((await response.json()).bulkErrorResults ?? {}).length
}
process.stderr.write(`${ids.length - failed} ${op}d, ${failed} failed\n`)
