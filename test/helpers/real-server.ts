/**
 * Vitest global setup for the integration project: starts a real Conductor OSS server with our own
 * `conductor server start` (temporary home and data dir, shared jar cache), and stops it afterwards.
 * CONDUCTOR_TEST_SERVER_VERSION picks the server line; CONDUCTOR_TEST_SERVER_URL uses a running server
 * (CONDUCTOR_TEST_SERVER_URL2 its second node). CONDUCTOR_TEST_STORAGE=postgres runs Conductor on Postgres
 * (a private one, created by `server start`), CONDUCTOR_TEST_NODES=2 two nodes sharing it: tests reach the
 * second through inject('serverUrl2'), which is the first node's URL when there is one node.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {TestProject} from 'vitest/node'
import {runCli} from './run-cli.js'

export const TEST_UI_DIR = fileURLToPath(new URL('../fixtures/ui', import.meta.url))

const PORT = Number(process.env.CONDUCTOR_TEST_PORT ?? 8127)
const STORAGE = process.env.CONDUCTOR_TEST_STORAGE ?? 'sqlite'
const NODES = Number(process.env.CONDUCTOR_TEST_NODES ?? 1)

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.CONDUCTOR_TEST_SERVER_URL
  const home = mkdtempSync(join(tmpdir(), 'conductor-it-'))
  const env = {CONDUCTOR_CLI_HOME: home}
  if (external) {
    project.provide('serverUrl', external)
    project.provide('serverUrl2', process.env.CONDUCTOR_TEST_SERVER_URL2 ?? external)
    project.provide('storage', STORAGE)
    project.provide('cliHome', home)
    return async () => rmSync(home, {recursive: true, force: true})
  }
  const version = process.env.CONDUCTOR_TEST_SERVER_VERSION
  const args = ['server', 'start', '--port', String(PORT), '--data-dir', join(home, 'data'), '--json']
  // the Maven Central jar has no UI: serve the stand-in page the browser test reads (test/fixtures/ui)
  args.push('--property', `spring.web.resources.static-locations=file:${TEST_UI_DIR}/,classpath:/static/`)
  if (version) args.push('--version', version)
  // a loaded 2-core machine took over 180 s to boot one node; several nodes on Postgres take longer
  args.push('--wait', STORAGE === 'sqlite' ? '300s' : '400s')
  if (STORAGE !== 'sqlite') args.push('--storage', STORAGE)
  if (NODES > 1) args.push('--nodes', String(NODES))
  const started = await runCli(args, {env, timeoutMs: 900_000})
  if (started.exitCode !== 0)
    throw new Error(`server start failed (${started.exitCode}):\n${started.stdout}\n${started.stderr}`)
  const info = JSON.parse(started.stdout) as {
    version: string
    urls: string[]
    postgres?: {managed?: {dataDir: string}}
  }
  process.stderr.write(`[integration] Conductor ${info.version} (${STORAGE}) on ${info.urls.join(' and ')}\n`)
  project.provide('serverUrl', `http://localhost:${PORT}/api`)
  project.provide('serverUrl2', info.urls[1] ?? `http://localhost:${PORT}/api`)
  project.provide('storage', STORAGE)
  project.provide('serverVersion', info.version)
  project.provide('cliHome', home)
  return async () => {
    const stopped = await runCli(['server', 'stop', '--port', String(PORT)], {env})
    if (stopped.exitCode !== 0) process.stderr.write(`[integration] server stop failed: ${stopped.stderr}\n`)
    rmSync(home, {recursive: true, force: true})
    // as root the private Postgres may live outside the home (src/lib/server/postgres.ts, clusterDir)
    const cluster = info.postgres?.managed?.dataDir
    if (cluster) for (const path of [cluster, `${cluster}.log`]) rmSync(path, {recursive: true, force: true})
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string
    /** The second node's API URL (the first's when there is one node). */
    serverUrl2: string
    /** sqlite or postgres */
    storage: string
    serverVersion: string
    cliHome: string
  }
}
