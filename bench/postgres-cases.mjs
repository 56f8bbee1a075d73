/**
 * The `starts` case of `npm run bench` (issue 16): 1,000 workflow starts, 50 at once, on SQLite (one
 * node) and on Postgres (two nodes started by our own `server start --storage postgres --nodes 2`),
 * failures and time recorded; then, on Postgres, bulk terminate of 1,000 and `search --all` against
 * the raw calls, in the same run. Needs Postgres binaries (PATH or /usr/lib/postgresql/<major>/bin).
 * SQLite listens on --port + 1, the Postgres nodes on + 2 and + 3; BENCH_POSTGRES_PORT fixes the
 * private Postgres's port.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {rmSync} from 'node:fs'
import {join} from 'node:path'
import {URLSearchParams} from 'node:url'
import {BIN, median, ROOT} from './common.mjs'

const STARTS = 1000
const AT_ONCE = 50

const inlineWorkflow = (name) => ({
  name,
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'bench@example.com',
  inputParameters: ['i'],
  tasks: [
    {
      name: 'inline',
      taskReferenceName: 'inline',
      type: 'INLINE',
      inputParameters: {evaluatorType: 'graaljs', i: '${workflow.input.i}', expression: '$.i * 2'},
    },
  ],
})

async function put(api, defs) {
  const response = await fetch(`${api}/metadata/workflow`, {
    method: 'PUT',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify(defs),
  })
  if (!response.ok) throw new Error(`PUT /metadata/workflow: HTTP ${response.status} ${await response.text()}`)
}

/** Runs bench/burst.mjs against `apis` and records one line per backend. */
async function burst(label, apis) {
  const name = `bench_burst_${Date.now().toString(36)}`
  await put(apis[0], [inlineWorkflow(name)])
  const out = execFileSync(
    process.execPath,
    [join(ROOT, 'bench/burst.mjs'), name, String(STARTS), String(AT_ONCE), ...apis],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const r = JSON.parse(out)
  const failed = r.statuses.FAILED + r.statuses.TIMED_OUT + r.statuses.TERMINATED
  const detail = `${r.requestFailures} failed requests, ${failed} failed executions, ${r.statuses.COMPLETED} completed${r.allEnded ? '' : `, ${r.statuses.RUNNING} still running after 10 min`}`
  console.log(`  ${label}: ${JSON.stringify(r)}`)
  return {r, detail, failed}
}

/** `server start` with a long wait (a loaded machine can take minutes to boot Java); returns its JSON answer. */
function serverStart(env, port, extra) {
  return JSON.parse(
    execFileSync(
      process.execPath,
      [BIN, 'server', 'start', '--port', String(port), '--wait', '900', '--json', ...extra],
      {
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    ),
  )
}

const serverStop = (env, port) =>
  spawnSync(process.execPath, [BIN, 'server', 'stop', '--port', String(port)], {env, stdio: 'ignore'})

export async function startsCase({env, port, record, note, measure, timeOnce, runs}) {
  const pgPort = port + 2
  const pgApis = [`http://localhost:${pgPort}/api`, `http://localhost:${pgPort + 1}/api`]
  const found = spawnSync('sh', ['-c', 'command -v initdb || ls /usr/lib/postgresql/*/bin/initdb'], {encoding: 'utf8'})
  if (found.status !== 0)
    return note('starts: Postgres part skipped, no Postgres binaries (apt-get install postgresql)')

  // a fresh SQLite server of its own, as a user's first `server start` gives (BENCH_STARTS=postgres skips it)
  const sqlitePort = port + 1
  let sqlite
  if (process.env.BENCH_STARTS !== 'postgres') {
    console.log(`Starting Conductor on SQLite on port ${sqlitePort}...`)
    serverStart(env, sqlitePort, ['--data-dir', join(env.CONDUCTOR_CLI_HOME, '..', 'sqlite-data')])
    try {
      sqlite = await burst('SQLite, 1 node', [`http://localhost:${sqlitePort}/api`])
    } finally {
      serverStop(env, sqlitePort)
    }
  }
  console.log(`Starting Conductor on Postgres, two nodes, on ports ${pgPort} and ${pgPort + 1}...`)
  const started = performance.now()
  const server = serverStart(env, pgPort, [
    '--storage',
    'postgres',
    '--nodes',
    '2',
    '--data-dir',
    join(env.CONDUCTOR_CLI_HOME, '..', 'pg-data'),
    ...(process.env.BENCH_POSTGRES_PORT ? ['--postgres-port', process.env.BENCH_POSTGRES_PORT] : []),
  ])
  const bootMs = Math.round(performance.now() - started)
  try {
    const postgres = await burst('Postgres, 2 nodes', pgApis)
    const pgEnv = {...env, CONDUCTOR_SERVER_URL: pgApis[1]}
    const rows = [
      ...(sqlite
        ? [
            {label: `SQLite, 1 node: all started (${sqlite.detail})`, medianMs: sqlite.r.startMs},
            {label: 'SQLite, 1 node: all ended', medianMs: sqlite.r.endedMs},
          ]
        : []),
      {label: `Postgres, 2 nodes (starts alternate): all started (${postgres.detail})`, medianMs: postgres.r.startMs},
      {label: 'Postgres, 2 nodes: all ended', medianMs: postgres.r.endedMs},
    ]
    record(
      `${STARTS.toLocaleString('en')} workflow starts (INLINE task), ${AT_ONCE} at once, raw POST /api/workflow`,
      rows,
      rows[0].label,
      'Postgres: zero failed executions (one run each; failures are in the labels)',
      {runs: 1},
    )
    if (sqlite?.r.reasons.length) note(`starts on SQLite: failed executions end with: ${sqlite.r.reasons.join(' | ')}`)
    if (postgres.r.reasons.length)
      note(`starts on Postgres: failed executions end with: ${postgres.r.reasons.join(' | ')}`)
    note(
      `starts: \`server start --storage postgres --nodes 2\` (a new private Postgres, both nodes healthy) took ${bootMs} ms`,
    )
    await postgresBulkAndSearch(pgApis, pgEnv, {record, measure, timeOnce, runs})
  } finally {
    serverStop(env, pgPort)
    // as root the cluster may live outside the data dir (see src/lib/server/postgres.ts): remove it too
    const cluster = server.postgres?.managed?.dataDir
    if (cluster) for (const path of [cluster, `${cluster}.log`]) rmSync(path, {recursive: true, force: true})
  }
}

/** On Postgres: bulk terminate of 1,000 (through node 2) and search --all of them, each against its raw calls. */
async function postgresBulkAndSearch(apis, env, {record, measure, timeOnce, runs}) {
  const name = `bench_pgbulk_${Date.now().toString(36)}`
  await put(apis[0], [
    {
      name,
      version: 1,
      schemaVersion: 2,
      ownerEmail: 'bench@example.com',
      tasks: [{name: 'w', taskReferenceName: 'w', type: 'WAIT', inputParameters: {}}],
    },
  ])
  const count = async (query) => {
    const params = new URLSearchParams({query, size: '1', freeText: '*', sort: 'startTime:DESC'})
    return (await (await fetch(`${apis[0]}/workflow/search?${params}`)).json()).totalHits
  }
  const untilIndexed = async (query, n) => {
    for (let i = 0; i < 600 && (await count(query)) !== n; i++) await new Promise((r) => setTimeout(r, 500))
    const shown = await count(query)
    if (shown !== n) throw new Error(`the index shows ${shown} of ${n} for ${query}`)
  }
  let set = 0
  const timed = (args) => async () => {
    const corr = `pg_${set++}`
    execFileSync(process.execPath, [join(ROOT, 'bench/bulk-fixture.mjs'), apis[0], name, '1000', corr], {
      stdio: 'inherit',
    })
    await untilIndexed(`workflowType="${name}" AND correlationId="${corr}" AND status="RUNNING"`, 1000)
    const ms = timeOnce(process.execPath, args(corr), env)
    await untilIndexed(`workflowType="${name}" AND correlationId="${corr}" AND status="TERMINATED"`, 1000)
    return ms
  }
  const rounds = runs < 3 ? 1 : Math.max(3, Math.floor(runs / 3))
  const bulk = []
  // measure() takes synchronous fns: run the async ones interleaved here, the same way
  const variants = [
    {
      label: 'raw bulk terminate (bare node script, 1000 ids a request)',
      fn: timed((corr) => [
        join(ROOT, 'bench/raw-bulk.mjs'),
        apis[1],
        'terminate',
        `workflowType="${name}" AND correlationId="${corr}" AND status="RUNNING"`,
      ]),
    },
    {
      label: 'conductor terminate --query … --yes',
      fn: timed((corr) => [
        BIN,
        'terminate',
        '--query',
        `workflow=${name} and correlationId=${corr} and status=RUNNING`,
        '--yes',
        '-o',
        'jsonl',
      ]),
    },
  ]
  const times = variants.map(() => [])
  if (rounds > 1) await variants[0].fn() // warm-up
  for (let i = 0; i < rounds; i++) for (const [j, v] of variants.entries()) times[j].push(await v.fn())
  for (const [j, v] of variants.entries()) bulk.push({label: v.label, medianMs: Math.round(median(times[j]) * 10) / 10})
  record(
    'Postgres, 2 nodes: bulk terminate of 1,000 executions found by a query',
    bulk,
    variants[0].label,
    '≤ 1.3× raw bulk calls',
    {runs: rounds},
  )

  // search --all: every execution of the burst and the bulk fixtures (TERMINATED, ~1,000 a round)
  const query = `workflowType="${name}" AND status="TERMINATED"`
  const n = await count(query)
  record(
    `Postgres, 2 nodes: search --all of ${n.toLocaleString('en')} executions to JSONL`,
    measure(
      [
        {
          label: 'raw paging (bare node script, pages of 1000)',
          cmd: process.execPath,
          args: [join(ROOT, 'bench/raw-search.mjs'), apis[1], query],
          env,
        },
        {
          label: 'conductor search --all -o jsonl',
          cmd: process.execPath,
          args: [BIN, 'search', `workflow=${name} and status=TERMINATED`, '--all', '-o', 'jsonl'],
          env,
        },
      ],
      rounds,
      1,
    ),
    'raw paging (bare node script, pages of 1000)',
    '≤ 1.3× raw paging',
    {runs: rounds},
  )
}
