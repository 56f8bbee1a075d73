import {Config, Errors, type Command} from '@oclif/core'
import {fileURLToPath} from 'node:url'
import {beforeAll, describe, expect, it, vi} from 'vitest'
import ExecutionPause from '../../../src/commands/execution/pause.js'
import WorkflowGet from '../../../src/commands/workflow/get.js'
import WorkflowList from '../../../src/commands/workflow/list.js'
import {BaseCommand} from '../../../src/lib/command/base-command.js'
import type {ConductorClient} from '../../../src/lib/client/client.js'
import {mockServer} from '../../helpers/mock-server.js'

/** Commands that talk to a server, in process, the server played by undici's MockAgent. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
let config: Config
const server = mockServer()

beforeAll(async () => {
  config = await Config.load(ROOT)
})

type CommandClass = {run(argv: string[], config: Config): Promise<unknown>} & typeof Command
async function run(command: CommandClass, argv: string[]) {
  let stdout = ''
  const base = BaseCommand.prototype as unknown as {buildClient: () => Promise<ConductorClient>}
  vi.spyOn(base, 'buildClient').mockImplementation(async () => {
    const client = server.client()
    // the base command closes its client at the end; the MockAgent is closed by mockServer after the test
    client.close = async () => {}
    return client
  })
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString()
    return true
  })
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void (stdout += `${args.join(' ')}\n`))
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
  let exitCode = 0
  try {
    await command.run([...argv, '--server', 'http://conductor.test:8080/api'], config)
  } catch (error) {
    if (error instanceof Errors.ExitError) exitCode = error.oclif.exit ?? 1
    else throw error
  } finally {
    vi.restoreAllMocks()
  }
  return {doc: JSON.parse(stdout) as Record<string, unknown>, exitCode}
}

const def = {name: 'orders', version: 2, schemaVersion: 2, tasks: [{name: 't', taskReferenceName: 't', type: 'SIMPLE'}]}

describe('workflow commands in process', () => {
  it('get prints the definition under --json', async () => {
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/metadata/workflow/orders'), method: 'GET'})
      .reply(200, def, {headers: {'content-type': 'application/json'}})
    const {doc, exitCode} = await run(WorkflowGet as CommandClass, ['orders', '--json'])
    expect(exitCode).toBe(0)
    expect(JSON.stringify(doc)).toContain('"orders"')
  })

  it('get of a missing definition is not found (4)', async () => {
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/metadata/workflow/nosuch'), method: 'GET'})
      .reply(
        404,
        {status: 404, message: 'No such workflow found by name: nosuch, version: null'},
        {
          headers: {'content-type': 'application/json'},
        },
      )
    const {doc, exitCode} = await run(WorkflowGet as CommandClass, ['nosuch', '--json'])
    expect(exitCode).toBe(4)
    expect((doc.error as {kind: string; exitCode: number}).kind).toBe('notFound')
  })

  it('list prints the latest versions under --json', async () => {
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/metadata/workflow'), method: 'GET'})
      .reply(200, [def], {headers: {'content-type': 'application/json'}})
      .persist()
    const {doc, exitCode} = await run(WorkflowList as CommandClass, ['--json'])
    expect(exitCode).toBe(0)
    expect(JSON.stringify(doc)).toContain('orders')
  })

  it('a server error is kind server (6)', async () => {
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/metadata/workflow'), method: 'GET'})
      .reply(500, {message: 'boom'}, {headers: {'content-type': 'application/json'}})
      .persist()
    const {doc, exitCode} = await run(WorkflowList as CommandClass, ['--json'])
    expect((doc.error as {kind: string; exitCode: number}).exitCode).toBe(exitCode)
    expect(exitCode).toBe(6)
  })
})

describe('execution control commands in process', () => {
  const json = {headers: {'content-type': 'application/json'}}
  it('pause: one id paused, reported under --json', async () => {
    let paused = 0
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/workflow/wf-1/pause'), method: 'PUT'})
      .reply(200, () => {
        paused++
        return ''
      })
      .persist()
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/workflow/wf-1'), method: 'GET'})
      .reply(200, {workflowId: 'wf-1', status: 'RUNNING', workflowName: 'orders'}, json)
      .persist()
    const {doc, exitCode} = await run(ExecutionPause as CommandClass, ['wf-1', '--json'])
    expect(exitCode).toBe(0)
    expect(paused).toBe(1)
    expect(JSON.stringify(doc)).toContain('wf-1')
  })

  it('pause of an execution the server does not know is not found (4)', async () => {
    server
      .pool()
      .intercept({path: (p) => p.startsWith('/api/workflow/nosuch'), method: /GET|PUT/})
      .reply(404, {status: 404, message: 'Workflow not found: nosuch'}, json)
      .persist()
    const {doc, exitCode} = await run(ExecutionPause as CommandClass, ['nosuch', '--json'])
    expect(exitCode).not.toBe(0)
    expect((doc.error as {exitCode: number}).exitCode).toBe(exitCode)
  })
})
