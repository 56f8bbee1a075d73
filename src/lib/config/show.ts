import {basename} from 'node:path'
import type {ResolvedConfig, Setting} from './resolve.js'
import {serverRoot} from './server-url.js'

export interface SettingRow {
  key: string
  value: string
  source: string
}

export interface ConfigReport {
  profile: string
  profileFile: string
  /** Every setting in effect with its full origin. */
  settings: SettingRow[]
  /** The Go CLI's `file`: the profile file in use, "" for the environment or none. */
  file: string
  /** The Go CLI's `values`. */
  values: SettingRow[]
}

/** A secret shown partly (first and last two characters of a long one), unless `show`. */
export const maskSecret = (show: boolean) => (v: string) =>
  show ? v : v.length > 8 ? `${v.slice(0, 2)}****${v.slice(-2)}` : '****'

/** The settings in effect and where each comes from, secrets masked unless `showSecrets`. */
export function configReport(config: ResolvedConfig, showSecrets: boolean): ConfigReport {
  const mask = maskSecret(showSecrets)
  const settings: SettingRow[] = [
    {key: 'profile', value: config.profile.value, source: config.profile.origin},
    {key: 'server', value: serverRoot(config.server.value) + '/api', source: config.server.origin},
    {key: 'server-type', value: config.serverType.value, source: config.serverType.origin},
  ]
  if (config.authKey) settings.push({key: 'auth-key', value: config.authKey.value, source: config.authKey.origin})
  if (config.authSecret)
    settings.push({key: 'auth-secret', value: mask(config.authSecret.value), source: config.authSecret.origin})
  if (config.authToken)
    settings.push({key: 'auth-token', value: mask(config.authToken.value), source: config.authToken.origin})
  return {
    profile: config.profile.value,
    profileFile: config.profileFile,
    settings,
    file: config.active !== 'env' && config.profileExists ? config.profileFile : '',
    values: goValues(config, (v) => (showSecrets ? v : '****')),
  }
}

/** The Go CLI's first line: where the settings come from. */
export function sourceLine(config: ResolvedConfig, file: string): string {
  return `Source: ${config.active === 'env' ? 'environment variables' : file || 'built-in defaults'}`
}

/** The Go CLI's `config show` rows: every key, "" when unset, its source as `flag --x`, `env X`, a file name or `default`. */
export function goValues(config: ResolvedConfig, mask: (v: string) => string): SettingRow[] {
  const short = (s: Setting | undefined) =>
    !s || s.source === 'default'
      ? 'default'
      : s.source === 'flag'
        ? `flag ${s.origin}`
        : s.source === 'env'
          ? `env ${s.origin}`
          : basename(s.origin)
  const entries: [string, Setting | undefined, boolean][] = [
    ['server', config.server, false],
    ['server-type', config.serverType, false],
    ['auth-key', config.authKey, false],
    ['auth-secret', config.authSecret, true],
    ['auth-token', config.authToken, true],
  ]
  return entries.map(([key, s, secret]) => ({
    key,
    value: s && s.source !== 'default' ? (secret ? mask(s.value) : s.value) : key === 'server-type' ? 'OSS' : '',
    source: short(s),
  }))
}
