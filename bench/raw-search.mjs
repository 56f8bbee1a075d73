#!/usr/bin/env node
/**
 * Baseline for the search bench: pages GET /api/workflow/search with a bare script (offset paging,
 * the same page size and sort as the CLI) and writes each row as a JSON line to stdout.
 * Usage: raw-search.mjs API_URL QUERY [PAGE_SIZE] [SORT]
 */
import {URLSearchParams} from 'node:url'

const [api, query, size = '1000', sort = 'startTime:DESC'] = process.argv.slice(2)
let start = 0
for (;;) {
  const params = new URLSearchParams({query, sort, freeText: '*', start: String(start), size})
  const response = await fetch(`${api}/workflow/search?${params}`)
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`)
  const {results} = await response.json()
  if (results.length > 0 && !process.stdout.write(results.map((r) => JSON.stringify(r)).join('\n') + '\n'))
    await new Promise((r) => process.stdout.once('drain', r))
  start += results.length
  if (results.length < Number(size)) break
}
