import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import Open from '../../../src/commands/open.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'

/** `open` needs no server: only the configured address. */
const run = (argv: string[]) =>
  runInProcess(Open as unknown as CommandClass, [...argv, '--server', 'http://conductor.test:8080/api'])

const UUID = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f'

let dir: string
const path = process.env.PATH
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cov-exec-open-'))
})
afterEach(() => {
  process.env.PATH = path
})
afterAll(async () => rm(dir, {recursive: true, force: true}))

describe('open --print', () => {
  it('a UUID is an execution', async () => {
    const {stdout, exitCode} = await run([UUID, '--print'])
    expect(exitCode).toBe(0)
    expect(stdout).toBe(`http://conductor.test:8080/execution/${UUID}\n`)
  })

  it('anything else is a definition, with --version when given (also for a UUID)', async () => {
    expect((await run(['order flow', '--print'])).stdout).toBe('http://conductor.test:8080/workflowDef/order%20flow\n')
    expect((await run(['orders', '--version', '3', '--print'])).stdout).toBe(
      'http://conductor.test:8080/workflowDef/orders/3\n',
    )
    expect((await run([UUID, '--version', '1', '--print'])).stdout).toBe(
      `http://conductor.test:8080/workflowDef/${UUID}/1\n`,
    )
  })

  it('--json: {url, opened: false}', async () => {
    const {doc} = await run([UUID, '--print', '--json'])
    expect(doc).toEqual({url: `http://conductor.test:8080/execution/${UUID}`, opened: false})
  })
})

describe.runIf(process.platform === 'linux')('open (a browser through xdg-open)', () => {
  it('starts xdg-open with the address as its one argument', async () => {
    const got = join(dir, 'got.txt')
    await writeFile(join(dir, 'xdg-open'), `#!/bin/sh\nprintf '%s|%s' "$#" "$1" > '${got}'\n`)
    await chmod(join(dir, 'xdg-open'), 0o755)
    process.env.PATH = `${dir}:${path ?? ''}`
    const {doc, exitCode} = await run(['orders', '--json'])
    expect(exitCode).toBe(0)
    expect(doc).toEqual({url: 'http://conductor.test:8080/workflowDef/orders', opened: true})
    let text = ''
    for (let i = 0; i < 50 && !text; i++) {
      text = await readFile(got, 'utf8').catch(() => '')
      if (!text) await new Promise((r) => setTimeout(r, 20))
    }
    expect(text).toBe('1|http://conductor.test:8080/workflowDef/orders')
  })

  it('no browser to start: a usage error (2) that gives the address and --print', async () => {
    process.env.PATH = join(dir, 'empty')
    const {stderr, exitCode} = await run([UUID])
    expect(exitCode).toBe(2)
    expect(stderr).toContain('Error: cannot start a browser (xdg-open: ENOENT)')
    expect(stderr).toContain(`Hint: Open http://conductor.test:8080/execution/${UUID} yourself, or use --print.`)
  })
})
