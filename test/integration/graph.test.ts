import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {cli, tempDir, uniqueName} from '../helpers/server-env.js'

const wf = (name: string, version: number, tasks: unknown[]) => ({
  name,
  version,
  schemaVersion: 2,
  ownerEmail: 'cli-tests@example.com',
  tasks,
})
const setVar = (ref: string) => ({name: ref, taskReferenceName: ref, type: 'SET_VARIABLE', inputParameters: {v: 1}})

describe('workflow graph', () => {
  it('draws a server definition (latest or --version) and a local file', async () => {
    const dir = tempDir()
    const name = uniqueName('graph')
    const v2 = wf(name, 2, [
      {name: 'fork', taskReferenceName: 'fork', type: 'FORK_JOIN', forkTasks: [[setVar('a')], [setVar('b')]]},
      {name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['a', 'b']},
    ])
    writeFileSync(join(dir, 'defs.json'), JSON.stringify([wf(name, 1, [setVar('only')]), v2]))
    expect((await cli(['workflow', 'register', dir])).exitCode).toBe(0)

    const latest = await cli(['workflow', 'graph', name, '--format', 'mermaid'])
    expect(latest.exitCode, latest.stderr).toBe(0)
    expect(latest.stdout).toMatch(/^flowchart TD\n/)
    expect(latest.stdout).toContain('{{"fork<br/>FORK_JOIN"}}')
    const v1 = await cli(['workflow', 'graph', name, '--version', '1'])
    expect(v1.stdout).toBe(`${name} v1\n└── only  SET_VARIABLE\n`)
    const dot = await cli(['workflow', 'graph', name, '-o', 'dot', '--json'])
    expect(JSON.parse(dot.stdout)).toMatchObject({
      name,
      version: 2,
      source: 'server',
      format: 'dot',
      graph: expect.stringMatching(/^digraph/),
    })

    const file = join(dir, 'one.json')
    writeFileSync(file, JSON.stringify(v2))
    const local = await cli(['workflow', 'graph', file])
    expect(local.exitCode, local.stderr).toBe(0)
    expect(local.stdout).toContain('├── fork  FORK_JOIN')
  })

  it('a missing name is not found (4); a file of several workflows is a usage error (2)', async () => {
    expect((await cli(['workflow', 'graph', uniqueName('nope')])).exitCode).toBe(4)
    const file = join(tempDir(), 'two.json')
    writeFileSync(file, JSON.stringify([wf('a', 1, [setVar('x')]), wf('b', 1, [setVar('y')])]))
    const two = await cli(['workflow', 'graph', file])
    expect(two.exitCode).toBe(2)
    expect(two.stderr).toContain('holds 2 workflow definitions (a, b)')
  })
})
