import {CliError} from '../errors.js'
import {DEFAULT_PROFILE, profilePath, readProfile, type ProfileData} from './profiles.js'
import {DEFAULT_SERVER_URL} from './server-url.js'

export type Source = 'flag' | 'env' | 'profile' | 'default'

export interface Setting<T = string> {
  value: T
  source: Source
  /** e.g. `--server`, `CONDUCTOR_SERVER_URL`, `~/.conductor-cli/config.yaml` */
  origin: string
}

export interface ResolvedConfig {
  profile: Setting
  profileFile: string
  profileExists: boolean
  server: Setting
  authKey?: Setting
  authSecret?: Setting
  authToken?: Setting
}

export interface ConfigFlags {
  server?: string | undefined
  profile?: string | undefined
  'auth-key'?: string | undefined
  'auth-secret'?: string | undefined
  'auth-token'?: string | undefined
}

const KEYS = [
  {name: 'server', flag: 'server', env: 'CONDUCTOR_SERVER_URL', file: 'server'},
  {name: 'authKey', flag: 'auth-key', env: 'CONDUCTOR_AUTH_KEY', file: 'auth-key'},
  {name: 'authSecret', flag: 'auth-secret', env: 'CONDUCTOR_AUTH_SECRET', file: 'auth-secret'},
  {name: 'authToken', flag: 'auth-token', env: 'CONDUCTOR_AUTH_TOKEN', file: 'auth-token'},
] as const

/**
 * Each setting independently: flag > environment > profile file > default.
 * (The Go CLI takes all settings from one source; mixing is what users asked for.)
 */
export async function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedConfig> {
  const profile: Setting = flags.profile
    ? {value: flags.profile, source: 'flag', origin: '--profile'}
    : env.CONDUCTOR_PROFILE
      ? {value: env.CONDUCTOR_PROFILE, source: 'env', origin: 'CONDUCTOR_PROFILE'}
      : {value: DEFAULT_PROFILE, source: 'default', origin: 'default'}
  const file = profilePath(profile.value, env)
  const data: ProfileData | undefined = await readProfile(profile.value, env)
  if (!data && profile.source !== 'default')
    throw new CliError('notFound', `Profile "${profile.value}" does not exist (expected file: ${file})`, {
      hint:
        'List profiles with `conductor config list`, or create it with `conductor config save --profile ' +
        profile.value +
        '`.',
    })

  const resolved: ResolvedConfig = {
    profile,
    profileFile: file,
    profileExists: data !== undefined,
    server: {value: DEFAULT_SERVER_URL, source: 'default', origin: 'default'},
  }
  for (const key of KEYS) {
    const fromFlag = flags[key.flag]
    const fromEnv = env[key.env]?.trim()
    const fromFile = data?.[key.file]
    let setting: Setting | undefined
    if (fromFlag) setting = {value: fromFlag, source: 'flag', origin: `--${key.flag}`}
    else if (fromEnv) setting = {value: fromEnv, source: 'env', origin: key.env}
    else if (typeof fromFile === 'string' && fromFile.trim() !== '')
      setting = {value: fromFile.trim(), source: 'profile', origin: file}
    if (setting) resolved[key.name] = setting
  }
  return resolved
}
