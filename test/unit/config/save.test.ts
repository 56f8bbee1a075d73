import {mkdtempSync, readFileSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {writeProfile} from '../../../src/lib/config/profiles.js'
import {askProfileValues, linesAsker, saveProfileValues} from '../../../src/lib/config/save.js'
import {CliError} from '../../../src/lib/errors.js'

let home: string
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'save-'))
  vi.stubEnv('CONDUCTOR_CLI_HOME', home)
})
afterEach(() => vi.unstubAllEnvs())

describe('saveProfileValues', () => {
  it('writes the profile with the server ending in /api, mode 0600, and names the keys saved', async () => {
    const saved = await saveProfileValues('prod', {server: 'http://h:1/', 'auth-token': 't', 'auth-key': ''}, undefined)
    expect(saved).toEqual({profile: 'prod', file: join(home, 'config-prod.yaml'), keys: ['server', 'auth-token']})
    expect(readFileSync(saved.file, 'utf8')).toContain('server: http://h:1/api')
    expect(statSync(saved.file).mode & 0o777).toBe(0o600)
  })

  it('--config FILE writes that file; the server type is normalised', async () => {
    const file = join(home, 'elsewhere.yaml')
    const saved = await saveProfileValues('default', {server: 'http://h:1/api', 'server-type': 'oss'}, file)
    expect(saved.file).toBe(file)
    expect(readFileSync(file, 'utf8')).toContain('server-type: OSS')
  })

  it('refuses no server, half a key pair and a bad profile name', async () => {
    const refused = async (p: Promise<unknown>) => {
      const error = await p.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(CliError)
      return (error as CliError).message
    }
    expect(await refused(saveProfileValues('x', {}, undefined))).toBe('Nothing to save: give --server')
    expect(await refused(saveProfileValues('x', {server: 'http://h', 'auth-key': 'k'}, undefined))).toBe(
      'Give both --auth-key and --auth-secret',
    )
    expect(await refused(saveProfileValues('../x', {server: 'http://h'}, undefined))).toMatch(/^Invalid profile name/)
  })
})

describe('askProfileValues', () => {
  it('asks the profile first and saves to the one named', async () => {
    await writeProfile('stage', {server: 'http://stage:1/api'})
    const asked: string[] = []
    const answers = ['stage', 'http://localhost:8080/api', 'OSS']
    const result = await askProfileValues(
      async (question, dflt) => (asked.push(`${question} [${dflt}]`), answers.shift() || dflt),
      {},
      () => {},
    )
    expect(result.profile).toBe('stage')
    expect(result.values.server).toBe('http://localhost:8080/api')
    expect(asked[0]).toBe('Profile name (empty for default) []')
  })

  it('a named profile is not asked for', async () => {
    const asked: string[] = []
    const result = await askProfileValues(
      async (question, dflt) => (asked.push(question), dflt),
      {named: 'qa'},
      () => {},
    )
    expect(result.profile).toBe('qa')
    expect(asked.some((q) => q.startsWith('Profile name'))).toBe(false)
    expect(result.values.server).toBe('http://localhost:8080/api')
  })
})

it('linesAsker: one answer a line, an empty line takes the default', async () => {
  const ask = await linesAsker(Readable.from([Buffer.from('a\n\n'), 'c\n']))
  expect(await ask('q1', 'd1')).toBe('a')
  expect(await ask('q2', 'd2')).toBe('d2')
  expect(await ask('q3', 'd3')).toBe('c')
  expect(await ask('q4', 'd4')).toBe('d4')
})
