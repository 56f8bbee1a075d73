import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {profileConnection} from '../../../src/lib/config/connection.js'
import {writeProfile} from '../../../src/lib/config/profiles.js'
import {CliError} from '../../../src/lib/errors.js'

const home = () => ({CONDUCTOR_CLI_HOME: mkdtempSync(join(tmpdir(), 'conn-'))}) as NodeJS.ProcessEnv

async function refused(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(CliError)
  return error as CliError
}

describe('profileConnection', () => {
  it('a URL alone: no auth, whatever the environment holds', async () => {
    const env = {...home(), CONDUCTOR_AUTH_TOKEN: 'envtoken'}
    expect(await profileConnection(undefined, 'http://a:1/api', '--from', env)).toEqual({server: 'http://a:1/api'})
  })

  it("a profile: its file's server and auth; the environment's settings are not used", async () => {
    const env = home()
    await writeProfile('stage', {server: 'http://stage:8080/api', 'auth-key': 'k', 'auth-secret': 's'}, env)
    const withEnv = {...env, CONDUCTOR_SERVER_URL: 'http://env:1/api', CONDUCTOR_AUTH_TOKEN: 'envtoken'}
    expect(await profileConnection('stage', undefined, '--from', withEnv)).toEqual({
      server: 'http://stage:8080/api',
      authKey: 'k',
      authSecret: 's',
      authToken: undefined,
    })
  })

  it('a URL overrides the profile server and keeps its auth', async () => {
    const env = home()
    await writeProfile('prod', {server: 'http://prod:8080/api', 'auth-token': 't'}, env)
    const c = await profileConnection('prod', 'http://other:9/api', '--to', env)
    expect(c.server).toBe('http://other:9/api')
    expect(c.authToken).toBe('t')
  })

  it('a missing profile is a usage error naming its origin and file', async () => {
    const env = home()
    const error = await refused(profileConnection('nope', undefined, '--from', env))
    expect(error.kind).toBe('usage')
    expect(error.message).toMatch(/^Profile "nope" \(--from\) does not exist \(expected file: .*config-nope\.yaml\)$/)
    expect(error.hint).toContain('conductor config save --profile nope')
    const dflt = await refused(profileConnection('default', undefined, '--to', env))
    expect(dflt.message).toContain('Profile "default" (--to) does not exist')
  })

  it('a profile without a server is a usage error', async () => {
    const env = home()
    await writeProfile('bare', {'auth-token': 't'}, env)
    const error = await refused(profileConnection('bare', undefined, 'the plan', env))
    expect(error.message).toBe('Profile "bare" (the plan) has no server')
  })
})
