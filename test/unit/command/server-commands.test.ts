import {describe, expect, it} from 'vitest'
import ExecutionPause from '../../../src/commands/execution/pause.js'
import WorkflowGet from '../../../src/commands/workflow/get.js'
import WorkflowList from '../../../src/commands/workflow/list.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {mockServer} from '../../helpers/mock-server.js'

/** Commands that talk to a server, in process, the server played by undici's MockAgent. */
const server = mockServer()
const run = async (command: CommandClass, argv: string[]) => {
  const result = await runInProcess(command, argv, server)
  return {doc: result.doc as Record<string, unknown>, exitCode: result.exitCode}
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
