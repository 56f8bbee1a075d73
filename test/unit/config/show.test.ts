import {describe, expect, it} from 'vitest'
import type {ResolvedConfig} from '../../../src/lib/config/resolve.js'
import {configReport, maskSecret, sourceLine} from '../../../src/lib/config/show.js'

const config = (over: Partial<ResolvedConfig> = {}): ResolvedConfig => ({
  profile: {value: 'prod', source: 'flag', origin: '--profile'},
  profileFile: '/home/u/.conductor-cli/config-prod.yaml',
  profileExists: true,
  active: 'file',
  server: {value: 'http://h:1', source: 'profile', origin: '/home/u/.conductor-cli/config-prod.yaml'},
  serverType: {value: 'OSS', source: 'default', origin: 'default'},
  authKey: {value: 'key-1', source: 'flag', origin: '--auth-key'},
  authSecret: {value: 'supersecretvalue', source: 'env', origin: 'CONDUCTOR_AUTH_SECRET'},
  ...over,
})

describe('config show report', () => {
  it('settings with full origins, the server ending in /api, secrets masked', () => {
    const report = configReport(config(), false)
    expect(report.settings).toEqual([
      {key: 'profile', value: 'prod', source: '--profile'},
      {key: 'server', value: 'http://h:1/api', source: '/home/u/.conductor-cli/config-prod.yaml'},
      {key: 'server-type', value: 'OSS', source: 'default'},
      {key: 'auth-key', value: 'key-1', source: '--auth-key'},
      {key: 'auth-secret', value: 'su****ue', source: 'CONDUCTOR_AUTH_SECRET'},
    ])
    expect(report.file).toBe('/home/u/.conductor-cli/config-prod.yaml')
  })

  it("the Go CLI's values: every key, short sources, secrets as ****", () => {
    expect(configReport(config(), false).values).toEqual([
      {key: 'server', value: 'http://h:1', source: 'config-prod.yaml'},
      {key: 'server-type', value: 'OSS', source: 'default'},
      {key: 'auth-key', value: 'key-1', source: 'flag --auth-key'},
      {key: 'auth-secret', value: '****', source: 'env CONDUCTOR_AUTH_SECRET'},
      {key: 'auth-token', value: '', source: 'default'},
    ])
    expect(configReport(config(), true).values[3]?.value).toBe('supersecretvalue')
  })

  it('the source line and file: environment, a file, or the defaults', () => {
    const env = config({active: 'env'})
    expect(configReport(env, false).file).toBe('')
    expect(sourceLine(env, '')).toBe('Source: environment variables')
    expect(sourceLine(config(), '/f.yaml')).toBe('Source: /f.yaml')
    expect(sourceLine(config({active: 'default-file', profileExists: false}), '')).toBe('Source: built-in defaults')
  })

  it('maskSecret keeps only the ends of a long secret', () => {
    expect(maskSecret(false)('short')).toBe('****')
    expect(maskSecret(false)('0123456789')).toBe('01****89')
    expect(maskSecret(true)('0123456789')).toBe('0123456789')
  })
})
