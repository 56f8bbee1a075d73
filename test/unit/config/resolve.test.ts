import {mkdtempSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {profilePath, readProfile, writeProfile, listProfiles, deleteProfile} from '../../../src/lib/config/profiles.js'
import {resolveConfig} from '../../../src/lib/config/resolve.js'
import {serverRoot} from '../../../src/lib/config/server-url.js'
import {CliError} from '../../../src/lib/errors.js'

const home = () => mkdtempSync(join(tmpdir(), 'cfg-'))

describe('serverRoot', () => {
  it('accepts the URL with or without /api and trailing slashes', () => {
    for (const input of ['http://h:8080', 'http://h:8080/', 'http://h:8080/api', 'http://h:8080/api/'])
      expect(serverRoot(input)).toBe('http://h:8080')
    expect(serverRoot('https://acme.orkesconductor.io/api')).toBe('https://acme.orkesconductor.io')
    expect(serverRoot('https://proxy.example/conductor/api')).toBe('https://proxy.example/conductor')
  })
  it('rejects what is not an http(s) URL with a usage error', () => {
    expect(() => serverRoot('localhost:8080')).toThrow(CliError)
    expect(() => serverRoot('ftp://x')).toThrow(/only http and https/)
    expect(() => serverRoot('not a url')).toThrow(/Invalid server URL/)
  })
})

describe('resolveConfig', () => {
  it('takes each setting from a flag, else from ONE source: the environment or config.yaml, never a mix', async () => {
    const dir = home()
    const env = {CONDUCTOR_CLI_HOME: dir} as NodeJS.ProcessEnv
    writeFileSync(join(dir, 'config.yaml'), 'server: http://file:1/api\nauth-key: filekey\nauth-secret: filesecret\n')
    let c = await resolveConfig({}, env)
    expect(c.server).toMatchObject({value: 'http://file:1/api', source: 'profile'})
    expect(c.authKey?.value).toBe('filekey')
    expect(c.active).toBe('default-file')
    c = await resolveConfig({}, {...env, CONDUCTOR_SERVER_URL: 'http://env:2'})
    expect(c.server).toMatchObject({value: 'http://env:2', source: 'env', origin: 'CONDUCTOR_SERVER_URL'})
    // the file's secret is not sent to the server the environment names
    expect(c.authKey).toBeUndefined()
    expect(c.authSecret).toBeUndefined()
    expect(c.active).toBe('env')
    c = await resolveConfig({server: 'http://flag:3'}, {...env, CONDUCTOR_SERVER_URL: 'http://env:2'})
    expect(c.server).toMatchObject({value: 'http://flag:3', source: 'flag'})
  })
  it('an explicit profile beats the environment (flag or CONDUCTOR_PROFILE); flags still win', async () => {
    const dir = home()
    writeFileSync(join(dir, 'config-prod.yaml'), 'server: https://prod/api\nauth-token: tok\n')
    const env = {CONDUCTOR_CLI_HOME: dir, CONDUCTOR_SERVER_URL: 'http://env:2', CONDUCTOR_AUTH_KEY: 'envkey'}
    for (const c of [
      await resolveConfig({profile: 'prod'}, env),
      await resolveConfig({}, {...env, CONDUCTOR_PROFILE: 'prod'}),
    ]) {
      expect(c.server).toMatchObject({value: 'https://prod/api', source: 'profile'})
      expect(c.authToken?.value).toBe('tok')
      expect(c.authKey).toBeUndefined()
      expect(c.active).toBe('file')
    }
    const flagged = await resolveConfig({profile: 'prod', server: 'http://flag:3', 'auth-token': 't2'}, env)
    expect(flagged.server.source).toBe('flag')
    expect(flagged.authToken).toMatchObject({value: 't2', source: 'flag'})
    // --profile beats CONDUCTOR_PROFILE; "default" names config.yaml
    writeFileSync(join(dir, 'config.yaml'), 'server: http://default:1/api\n')
    expect(
      (await resolveConfig({profile: 'default'}, {CONDUCTOR_CLI_HOME: dir, CONDUCTOR_PROFILE: 'prod'})).server.value,
    ).toBe('http://default:1/api')
  })
  it('--config FILE is read instead of any profile, and the environment is ignored', async () => {
    const dir = home()
    const file = join(dir, 'elsewhere.yaml')
    writeFileSync(file, 'server: http://cfg:4/api\nserver-type: enterprise\n')
    writeFileSync(join(dir, 'config-prod.yaml'), 'server: https://prod/api\n')
    const c = await resolveConfig(
      {config: file, profile: 'prod'},
      {CONDUCTOR_CLI_HOME: dir, CONDUCTOR_SERVER_URL: 'http://env:2', CONDUCTOR_SERVER_TYPE: 'OSS'},
    )
    expect(c.server).toMatchObject({value: 'http://cfg:4/api', source: 'profile', origin: file})
    expect(c.serverType).toMatchObject({value: 'Enterprise', source: 'profile'})
    await expect(resolveConfig({config: join(dir, 'missing.yaml')}, {CONDUCTOR_CLI_HOME: dir})).rejects.toThrow(
      /Config file .*missing\.yaml does not exist/,
    )
  })
  it('resolves the server type: flag, environment, file, default OSS; anything else is a usage error', async () => {
    const dir = home()
    expect((await resolveConfig({}, {CONDUCTOR_CLI_HOME: dir})).serverType).toMatchObject({
      value: 'OSS',
      source: 'default',
    })
    expect(
      (await resolveConfig({}, {CONDUCTOR_CLI_HOME: dir, CONDUCTOR_SERVER_TYPE: 'Enterprise'})).serverType,
    ).toMatchObject({
      value: 'Enterprise',
      source: 'env',
    })
    expect((await resolveConfig({'server-type': 'oss'}, {CONDUCTOR_CLI_HOME: dir})).serverType.value).toBe('OSS')
    await expect(resolveConfig({'server-type': 'cloud'}, {CONDUCTOR_CLI_HOME: dir})).rejects.toMatchObject({
      kind: 'usage',
    })
  })
  it('defaults to localhost when nothing is configured', async () => {
    const c = await resolveConfig({}, {CONDUCTOR_CLI_HOME: home()})
    expect(c.server).toEqual({value: 'http://localhost:8080/api', source: 'default', origin: 'default'})
    expect(c.authKey).toBeUndefined()
  })
  it('reads the Go CLI named profile file and fails clearly on a missing one', async () => {
    const dir = home()
    writeFileSync(join(dir, 'config-prod.yaml'), 'server: https://prod/api\nserver-type: Enterprise\nauth-token: tok\n')
    const c = await resolveConfig({}, {CONDUCTOR_CLI_HOME: dir, CONDUCTOR_PROFILE: 'prod'})
    expect(c.server.value).toBe('https://prod/api')
    expect(c.authToken?.value).toBe('tok')
    await expect(resolveConfig({profile: 'nope'}, {CONDUCTOR_CLI_HOME: dir})).rejects.toThrow(
      /Profile 'nope' doesn't exist/,
    )
  })
})

describe('profiles', () => {
  it('writes 0600 files, keeps unknown keys and comments, lists and deletes', async () => {
    const dir = home()
    const env = {CONDUCTOR_CLI_HOME: dir}
    writeFileSync(join(dir, 'config-dev.yaml'), '# mine\nverbose: true\nserver: http://old/api\n')
    await writeProfile('dev', {server: 'http://new/api', 'auth-key': 'k', 'auth-secret': 's'}, env)
    const path = profilePath('dev', env)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const data = await readProfile('dev', env)
    expect(data).toMatchObject({verbose: true, server: 'http://new/api', 'auth-key': 'k'})
    await writeProfile('default', {server: 'http://d/api'}, env)
    expect(await listProfiles(env)).toEqual(['default', 'dev'])
    expect(await deleteProfile('dev', env)).toBe(true)
    expect(await deleteProfile('dev', env)).toBe(false)
  })
})
