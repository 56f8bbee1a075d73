import {execFileSync, spawnSync} from 'node:child_process'
import {chmodSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {inject, describe, expect, it} from 'vitest'
import {BIN} from '../helpers/run-cli.js'
import {cli, serverUrl, tempDir, uniqueName} from '../helpers/server-env.js'

/**
 * UI links (issue 13 item 5): printed on a terminal only, `conductor open`, and a headless Chromium
 * (Debian's package; .ci/run installs it) that loads a printed link and shows that execution.
 * The Maven Central jar serves no UI, so the test server serves a stand-in page (test/fixtures/ui)
 * through the server's own routing of /execution/ID; see test/helpers/real-server.ts.
 */

const dir = tempDir('conductor-ui-it-')
const env = () => ({
  ...process.env,
  CONDUCTOR_CLI_HOME: inject('cliHome'),
  CONDUCTOR_SERVER_URL: serverUrl(),
  NO_COLOR: '1',
})

function definition(name: string): string {
  const path = join(dir, `${name}.json`)
  writeFileSync(
    path,
    JSON.stringify({
      name,
      version: 1,
      schemaVersion: 2,
      tasks: [{name: `${name}_t`, taskReferenceName: 't', type: 'SIMPLE', inputParameters: {}}],
    }),
  )
  return path
}

/** Runs the CLI with stdout and stderr on a pseudo-terminal (util-linux `script`), as a person would. */
function onTerminal(args: string[]): string {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {env: env(), encoding: 'utf8', timeout: 120_000})
  expect(result.status, result.stdout + result.stderr).toBe(0)
  return result.stdout.replaceAll('\r', '')
}

function dumpDom(url: string): string {
  return execFileSync(
    'chromium',
    ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=15000', '--dump-dom', url],
    {encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'ignore']},
  )
}

describe('UI links', () => {
  it("run prints the execution's UI address on a terminal; Chromium loads it and the page shows that execution", async () => {
    const name = uniqueName('it_ui')
    const out = onTerminal(['run', '--file', definition(name)])
    const id = /^([0-9a-f-]{36})$/m.exec(out)?.[1] as string
    const url = /^UI: (\S+)$/m.exec(out)?.[1] as string
    expect(id, out).toBeDefined()
    expect(url, out).toBe(`${serverUrl().replace(/\/api$/, '')}/execution/${id}`)
    expect(['localhost', '127.0.0.1']).toContain(new URL(url).hostname)
    const dom = dumpDom(url)
    expect(dom).toContain(`<p id="workflowId">${id}</p>`)
    expect(dom).toContain(`<p id="workflowName">${name}</p>`)
    expect(dom).toContain('<p id="status">RUNNING</p>')

    // execution get prints the same address on a terminal
    expect(onTerminal(['execution', 'get', id])).toContain(`UI: ${url}`)
    await cli(['execution', 'terminate', id, '--yes'])
    await cli(['execution', 'delete', id, '--yes'])
  })

  it('never in pipes or under --json', async () => {
    const name = uniqueName('it_ui_pipe')
    const piped = await cli(['run', '--file', definition(name)])
    expect(piped.exitCode, piped.stderr).toBe(0)
    expect(piped.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/)
    expect(piped.stderr).not.toContain('UI:')
    const id = piped.stdout.trim()
    const json = onTerminal(['execution', 'get', id, '--json'])
    expect(json).not.toContain('UI:')
    expect(JSON.parse(json)).toMatchObject({workflowId: id})
    await cli(['execution', 'terminate', id, '--yes'])
    await cli(['execution', 'delete', id, '--yes'])
  })

  it('conductor open: --print prints the address, and without it the browser command gets it', async () => {
    const name = uniqueName('it_ui_open')
    const run = await cli(['run', '--file', definition(name)])
    const id = run.stdout.trim()
    const base = serverUrl().replace(/\/api$/, '')
    const printed = await cli(['open', id, '--print'])
    expect(printed.stdout.trim()).toBe(`${base}/execution/${id}`)
    expect((await cli(['open', 'order_flow', '--version', '3', '--print'])).stdout.trim()).toBe(
      `${base}/workflowDef/order_flow/3`,
    )
    // a stand-in xdg-open on PATH records what it was asked to open
    const bin = tempDir('conductor-ui-bin-')
    const log = join(bin, 'opened.txt')
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$@" > '${log}'\n`)
    chmodSync(join(bin, 'xdg-open'), 0o755)
    const opened = await cli(['open', id, '--json'], {env: {PATH: `${bin}:${process.env.PATH ?? ''}`}})
    expect(opened.exitCode, opened.stderr).toBe(0)
    expect(JSON.parse(opened.stdout)).toMatchObject({url: `${base}/execution/${id}`, opened: true})
    const {pollUntil} = await import('../helpers/poll.js')
    const content = await pollUntil(
      async () => {
        try {
          return readFileSync(log, 'utf8').trim()
        } catch {
          return ''
        }
      },
      (text) => text !== '',
      10_000,
    )
    expect(content).toBe(`${base}/execution/${id}`)
    await cli(['execution', 'terminate', id, '--yes'])
    await cli(['execution', 'delete', id, '--yes'])
  })
})
