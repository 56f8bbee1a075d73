import {describe, expect, it} from 'vitest'
import {definitionKey} from '../../../src/lib/definitions/compare.js'
import type {LoadedDefinition} from '../../../src/lib/definitions/load.js'
import type {Json} from '../../../src/lib/definitions/model.js'
import {latestVersions, planBumps, refuseChanged, withVersion} from '../../../src/lib/definitions/versioning.js'
import {mockServer} from '../../helpers/mock-server.js'

const task = (ref: string) => ({name: ref, taskReferenceName: ref, type: 'SET_VARIABLE', inputParameters: {v: ref}})
const loaded = (doc: Record<string, unknown>, kind: 'workflow' | 'task' = 'workflow'): LoadedDefinition => ({
  kind,
  name: String(doc.name),
  version: kind === 'workflow' && typeof doc.version === 'number' ? doc.version : undefined,
  doc,
  file: 'f.json',
  format: 'json',
  pointer: '$',
  locate: () => undefined,
})
/** What the server returns: defaults filled in, audit fields set. */
const serverCopy = (name: string, version: number, tasks: unknown[]): Json =>
  ({
    name,
    version,
    tasks,
    schemaVersion: 2,
    createTime: 1700000000000,
    updateTime: 0,
    inputParameters: [],
    restartable: true,
  }) as unknown as Json
const state = (...docs: Json[]) =>
  new Map(docs.map((d) => [definitionKey('workflow', (d as {name: string}).name, (d as {version: number}).version), d]))

describe('planBumps', () => {
  it('keeps an unchanged definition at the latest server version, whatever version the file says', () => {
    const server = state(serverCopy('w', 1, [task('a')]), serverCopy('w', 2, [task('b')]))
    const plan = planBumps([loaded({name: 'w', version: 1, tasks: [task('b')]})], server)
    expect(plan.defs[0]?.version).toBe(2)
    expect(plan.previous.size).toBe(0)
  })

  it('registers a changed definition as latest+1 and remembers the latest it followed', () => {
    const server = state(serverCopy('w', 1, [task('a')]), serverCopy('w', 3, [task('b')]))
    const def = loaded({name: 'w', version: 1, tasks: [task('c')]})
    const plan = planBumps([def], server)
    const planned = plan.defs[0] as LoadedDefinition
    expect(planned.version).toBe(4)
    expect(planned.doc.version).toBe(4)
    expect(plan.previous.get(planned)).toBe(3)
    expect(def.doc.version).toBe(1) // the loaded definition is not changed in place
  })

  it('a content equal to an older version is still a change against the latest (a roll forward)', () => {
    const server = state(serverCopy('w', 1, [task('a')]), serverCopy('w', 2, [task('b')]))
    expect(planBumps([loaded({name: 'w', tasks: [task('a')]})], server).defs[0]?.version).toBe(3)
  })

  it('a new name keeps its written version, or none (1)', () => {
    const plan = planBumps(
      [loaded({name: 'x', version: 5, tasks: [task('a')]}), loaded({name: 'y', tasks: [task('a')]})],
      new Map(),
    )
    expect(plan.defs.map((d) => d.version)).toEqual([5, undefined])
  })

  it('passes task definitions through and refuses two definitions of one workflow name', () => {
    const t = loaded({name: 't', retryCount: 1}, 'task')
    expect(planBumps([t], new Map()).defs[0]).toBe(t)
    expect(() =>
      planBumps([loaded({name: 'w', version: 1, tasks: []}), loaded({name: 'w', version: 2, tasks: []})], new Map()),
    ).toThrow(/more than once: w/)
  })

  it('latestVersions picks the highest version of each name', () => {
    const latest = latestVersions(state(serverCopy('a', 2, []), serverCopy('a', 10, []), serverCopy('b', 1, [])))
    expect(Object.fromEntries([...latest].map(([k, v]) => [k, v.version]))).toEqual({a: 10, b: 1})
  })

  it('withVersion returns the same object when nothing changes', () => {
    const d = loaded({name: 'w', version: 2, tasks: []})
    expect(withVersion(d, 2)).toBe(d)
  })
})

describe('refuseChanged', () => {
  it('is a conflict (exit 5) naming every changed definition, and silent otherwise', () => {
    const base = {changedPaths: ['$.tasks'], kind: 'workflow' as const}
    expect(() =>
      refuseChanged([
        {...base, name: 'a', version: 1, status: 'unchanged'},
        {...base, name: 'b', version: 1, status: 'new'},
      ]),
    ).not.toThrow()
    try {
      refuseChanged([
        {...base, name: 'a', version: 2, status: 'changed'},
        {kind: 'task', name: 't', version: undefined, status: 'changed', changedPaths: []},
      ])
      expect.unreachable()
    } catch (error) {
      expect(error).toMatchObject({kind: 'conflict', exitCode: 5})
      expect((error as Error).message).toContain('workflow a v2, task t')
    }
  })
})

describe('versionTaken: the server refused a bumped version because it exists', () => {
  it('is a 409, or the 500 a concurrent create meets at the unique key, with the same words', async () => {
    const {versionTaken} = await import('../../../src/lib/definitions/versioning.js')
    const {ApiError} = await import('../../../src/lib/client/api-error.js')
    const request = {method: 'POST', path: '/api/metadata/workflow', url: 'http://x/api/metadata/workflow'}
    expect(versionTaken(new ApiError(409, {message: 'Workflow with w.2 already exists!'}, request))).toBe(true)
    expect(versionTaken(new ApiError(500, {message: 'Workflow with w.2 already exists!'}, request))).toBe(true)
    expect(versionTaken(new ApiError(500, {message: 'Error scheduling tasks'}, request))).toBe(false)
    expect(versionTaken(new ApiError(400, {message: 'already exists'}, request))).toBe(false)
    expect(versionTaken(new Error('already exists'))).toBe(false)
  })
})

describe('createVersion: a create another run overwrote is not claimed', () => {
  const {client, pool} = mockServer()
  it('reads the version back, finds the other content, and creates the next version', async () => {
    const {createVersion} = await import('../../../src/lib/definitions/versioning.js')
    const ours = loaded({name: 'w', version: 2, schemaVersion: 2, tasks: [task('ours')]})
    const created: number[] = []
    pool()
      .intercept({path: '/api/metadata/workflow', method: 'POST'})
      .reply(200, (opts) => {
        created.push((JSON.parse(String(opts.body)) as {version: number}).version)
        return ''
      })
      .times(2)
    // version 2 was overwritten by a concurrent run (Postgres: check, then UPDATE-or-INSERT)
    pool()
      .intercept({path: '/api/metadata/workflow/w?version=2', method: 'GET'})
      .reply(200, serverCopy('w', 2, [task('theirs')]) as object)
    pool()
      .intercept({path: '/api/metadata/workflow/w', method: 'GET'})
      .reply(200, serverCopy('w', 2, [task('theirs')]) as object)
    pool()
      .intercept({path: '/api/metadata/workflow/w?version=3', method: 'GET'})
      .reply(200, serverCopy('w', 3, [task('ours')]) as object)
    const result = await createVersion(client(), ours, 2, 1)
    expect(created).toEqual([2, 3])
    expect(result).toEqual({action: 'created', version: 3, previousVersion: 2})
  })
  it('a 409 for the version moves on to the next one after the latest', async () => {
    const {createVersion} = await import('../../../src/lib/definitions/versioning.js')
    const ours = loaded({name: 'w', version: 2, schemaVersion: 2, tasks: [task('ours')]})
    const created: number[] = []
    pool()
      .intercept({path: '/api/metadata/workflow', method: 'POST'})
      .reply(409, {status: 409, message: 'Workflow with w.2 already exists!'})
    pool()
      .intercept({path: '/api/metadata/workflow', method: 'POST'})
      .reply(200, (opts) => {
        created.push((JSON.parse(String(opts.body)) as {version: number}).version)
        return ''
      })
    pool()
      .intercept({path: '/api/metadata/workflow/w', method: 'GET'})
      .reply(200, serverCopy('w', 2, [task('theirs')]) as object)
    pool()
      .intercept({path: '/api/metadata/workflow/w?version=3', method: 'GET'})
      .reply(200, serverCopy('w', 3, [task('ours')]) as object)
    expect(await createVersion(client(), ours, 2, 1)).toEqual({action: 'created', version: 3, previousVersion: 2})
    expect(created).toEqual([3])
  })
})
