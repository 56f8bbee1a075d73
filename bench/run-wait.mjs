#!/usr/bin/env node
/**
 * `run --wait` overhead: the time from the workflow's end (endTime on the server) to the exit of our
 * process, over N runs of a workflow that completes on its own (SET_VARIABLE + JSON_JQ_TRANSFORM), and
 * with --worker also of a one-task workflow run by `conductor worker exec`. The baseline, measured
 * alternately in the same run, is a bare node script calling the server's synchronous execute
 * endpoint (POST /workflow/execute/{name}/1), which answers as soon as the workflow ends. Human lines go to stderr;
 * stdout gets one JSON object: {name, server, runs, cases: [{name, medianMs, p90Ms, minMs, maxMs, samples, ...}]}.
 *
 *   node bench/run-wait.mjs [--server URL] [--runs N] [--worker]
 *
 * The server's clock is compared with ours, so run it against a server on this machine.
 */
import {spawn} from 'node:child_process'
import {args, BIN, median, opt} from './common.mjs'

const SERVER = opt('server', process.env.CONDUCTOR_SERVER_URL ?? 'http://localhost:8080/api')
  .replace(/\/+$/, '')
  .replace(/(?<!\/api)$/, '/api')
const RUNS = Number(opt('runs', 10))
const WITH_WORKER = args.includes('--worker')
const ENV = {...process.env, CONDUCTOR_SERVER_URL: SERVER, NO_COLOR: '1', CI: '1'}
const suffix = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`
const log = (line) => process.stderr.write(line + '\n')

async function api(method, path, body) {
  const response = await fetch(SERVER + path, {
    method,
    headers: body === undefined ? {} : {'content-type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`)
  return text ? JSON.parse(text) : undefined
}

const def = (name, tasks) => ({
  name,
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'bench@example.com',
  tasks,
  outputParameters: {r: '${jq.output.result}'},
})

/** Runs a node process; resolves with its stdout and the wall-clock time at which it exited. */
function runNode(nodeArgs) {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const child = spawn(process.execPath, nodeArgs, {env: ENV, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('exit', (code) => {
      const exitedAt = Date.now()
      child.on('close', () =>
        code === 0 ? resolve({stdout, started, exitedAt}) : reject(new Error(`exit ${code}: ${stderr.slice(0, 300)}`)),
      )
    })
  })
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]

/** `conductor run NAME --wait`: the workflow id is in its --json output. */
const viaCli = (workflow) => async (i) => {
  const run = await runNode([BIN, 'run', workflow, '--input', `i=${i}`, '--wait=60s', '--json'])
  return {...run, workflowId: JSON.parse(run.stdout).workflowId}
}

/** The baseline: one synchronous execute call from a bare node script, which prints the workflow id. */
const viaRawExecute = (workflow) => async (i) => {
  const url = `${SERVER}/workflow/execute/${workflow}/1?waitForSeconds=10`
  const script = `fetch(${JSON.stringify(url)},{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({input:{i:${i}}})}).then(r=>r.json()).then(b=>{if(b.status!=='COMPLETED')process.exit(1);process.stdout.write(b.workflowId)})`
  const run = await runNode(['-e', script])
  return {...run, workflowId: run.stdout.trim()}
}

function summary(name, overheads, walls) {
  const result = {
    name,
    medianMs: median(overheads),
    p90Ms: pct(overheads, 0.9),
    minMs: Math.min(...overheads),
    maxMs: Math.max(...overheads),
    wallMedianMs: median(walls),
    samples: overheads,
  }
  log(
    `${name.padEnd(52)} overhead median ${result.medianMs} ms (p90 ${result.p90Ms}, min ${result.minMs}, max ${result.maxMs}); whole command ${result.wallMedianMs} ms`,
  )
  return result
}

/** Each variant runs in turn, RUNS times after one warm-up each, so drift hits them alike. */
async function measure(caseName, workflow, variants) {
  const overheads = variants.map(() => [])
  const walls = variants.map(() => [])
  const ids = []
  for (let i = 0; i < RUNS + 1; i++) {
    for (const [j, variant] of variants.entries()) {
      const {workflowId, started, exitedAt} = await variant.run(workflow)(i)
      ids.push(workflowId)
      const wf = await api('GET', `/workflow/${workflowId}?includeTasks=false`)
      if (i === 0) continue // warm-up
      overheads[j].push(exitedAt - wf.endTime)
      walls[j].push(exitedAt - started)
    }
  }
  for (const id of ids) await api('DELETE', `/workflow/${id}/remove?archiveWorkflow=false`).catch(() => {})
  return variants.map((variant, j) => summary(`${caseName}: ${variant.label}`, overheads[j], walls[j]))
}

const VARIANTS = [
  {label: 'raw execute endpoint (bare node script)', run: viaRawExecute},
  {label: 'conductor run --wait', run: viaCli},
]

const system = `bench_run_wait_${suffix}`
const worker = `bench_run_wait_w_${suffix}`
const taskType = `bench_rw_task_${suffix}`
const cases = []
let workerProcess
try {
  const version = (
    await fetch(SERVER + '/version')
      .then((r) => r.text())
      .catch(() => '?')
  ).trim()
  log(`run --wait overhead against ${SERVER} (Conductor ${version}), ${RUNS} runs after a warm-up`)
  await api('PUT', '/metadata/workflow', [
    def(system, [
      {name: 'setv', taskReferenceName: 'setv', type: 'SET_VARIABLE', inputParameters: {i: '${workflow.input.i}'}},
      {
        name: 'jq',
        taskReferenceName: 'jq',
        type: 'JSON_JQ_TRANSFORM',
        inputParameters: {queryExpression: '.i + 1', i: '${workflow.input.i}'},
      },
    ]),
    def(worker, [
      {name: taskType, taskReferenceName: 'work', type: 'SIMPLE', inputParameters: {i: '${workflow.input.i}'}},
      {
        name: 'jq',
        taskReferenceName: 'jq',
        type: 'JSON_JQ_TRANSFORM',
        inputParameters: {queryExpression: '.i', i: '${work.output.i}'},
      },
    ]),
  ])
  cases.push(...(await measure('system tasks (SET_VARIABLE + JSON_JQ)', system, VARIANTS)))
  if (WITH_WORKER) {
    workerProcess = spawn(process.execPath, [BIN, 'worker', 'exec', taskType, '--', 'cat'], {env: ENV, stdio: 'ignore'})
    cases.push(...(await measure('one SIMPLE task (worker exec -- cat)', worker, VARIANTS)))
  }
  process.stdout.write(
    JSON.stringify({name: 'run --wait overhead', server: SERVER, serverVersion: version, runs: RUNS, cases}, null, 2) +
      '\n',
  )
} finally {
  workerProcess?.kill('SIGTERM')
  for (const name of [system, worker]) await api('DELETE', `/metadata/workflow/${name}/1`).catch(() => {})
}
