import {CliError} from '../errors.js'
import {DEFAULT_PROFILE, profilePath, readProfile, readProfileFile, type ProfileData} from './profiles.js'
import {DEFAULT_SERVER_URL} from './server-url.js'

export type Source = 'flag' | 'env' | 'profile' | 'default'

export interface Setting<T = string> {
  value: T
  source: Source
  /** e.g. `--server`, `CONDUCTOR_SERVER_URL`, `~/.conductor-cli/config.yaml` */
  origin: string
}

/** Where everything below the flags came from: one source, never a mix (as the Go CLI does it). */
export type ActiveSource = 'file' | 'env' | 'default-file'

export interface ResolvedConfig {
  profile: Setting
  profileFile: string
  profileExists: boolean
  /** The source that supplied every setting not given by a flag. */
  active: ActiveSource
  server: Setting
  serverType: Setting
  authKey?: Setting
  authSecret?: Setting
  authToken?: Setting
}

export interface ConfigFlags {
  server?: string | undefined
  profile?: string | undefined
  config?: string | undefined
  'server-type'?: string | undefined
  'auth-key'?: string | undefined
  'auth-secret'?: string | undefined
  'auth-token'?: string | undefined
}

const KEYS = [
  {name: 'server', flag: 'server', env: 'CONDUCTOR_SERVER_URL', file: 'server'},
  {name: 'serverType', flag: 'server-type', env: 'CONDUCTOR_SERVER_TYPE', file: 'server-type'},
  {name: 'authKey', flag: 'auth-key', env: 'CONDUCTOR_AUTH_KEY', file: 'auth-key'},
  {name: 'authSecret', flag: 'auth-secret', env: 'CONDUCTOR_AUTH_SECRET', file: 'auth-secret'},
  {name: 'authToken', flag: 'auth-token', env: 'CONDUCTOR_AUTH_TOKEN', file: 'auth-token'},
] as const

/** The variables that switch the configuration onto the environment (CONDUCTOR_PROFILE only picks a file). */
export const CONFIG_ENV_VARS = KEYS.map((k) => k.env)

/** OSS or Enterprise, whatever the case it was written in; anything else is a usage error. */
export function normaliseServerType(value: string, origin: string): 'OSS' | 'Enterprise' {
  const lower = value.trim().toLowerCase()
  if (lower === 'oss') return 'OSS'
  if (lower === 'enterprise') return 'Enterprise'
  throw new CliError('usage', `Invalid server type "${value}" (from ${origin}): use OSS or Enterprise`)
}

/**
 * The official Go CLI's rule (conductor-cli #113): flags override single settings; below them exactly
 * one source supplies everything else, never a mix:
 *   1. the file named by --config, or by --profile / CONDUCTOR_PROFILE (the environment is ignored);
 *   2. else, if any CONDUCTOR_* setting variable is set, the environment alone (config.yaml unread);
 *   3. else ~/.conductor-cli/config.yaml (if it exists), then the defaults.
 * So a token in config.yaml is never sent to a server named by CONDUCTOR_SERVER_URL.
 */
export async function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Promise<ResolvedConfig> {
  const profile: Setting = flags.profile
    ? {value: flags.profile, source: 'flag', origin: '--profile'}
    : env.CONDUCTOR_PROFILE
      ? {value: env.CONDUCTOR_PROFILE, source: 'env', origin: 'CONDUCTOR_PROFILE'}
      : {value: DEFAULT_PROFILE, source: 'default', origin: 'default'}
  const namedProfile = profile.value !== DEFAULT_PROFILE
  let file: string
  let data: ProfileData | undefined
  if (flags.config) {
    file = flags.config
    data = await readProfileFile(file)
    if (!data)
      throw new CliError('notFound', `Config file ${file} does not exist`, {
        hint: 'Give the path of a YAML file with server, auth-key, auth-secret or auth-token (--config FILE).',
      })
  } else {
    file = profilePath(profile.value, env)
    data = await readProfile(profile.value, env)
    if (!data && namedProfile)
      throw new CliError('notFound', `Profile '${profile.value}' doesn't exist (expected file: ${file})`, {
        hint:
          'List profiles with `conductor config list`, or create it with `conductor config save --profile ' +
          profile.value +
          '`.',
      })
  }
  const envActive = !flags.config && !namedProfile && CONFIG_ENV_VARS.some((name) => env[name]?.trim())
  const active: ActiveSource = flags.config || namedProfile ? 'file' : envActive ? 'env' : 'default-file'
  const fileData = envActive ? undefined : data

  const resolved: ResolvedConfig = {
    profile,
    profileFile: file,
    profileExists: data !== undefined,
    active,
    server: {value: DEFAULT_SERVER_URL, source: 'default', origin: 'default'},
    serverType: {value: 'OSS', source: 'default', origin: 'default'},
  }
  for (const key of KEYS) {
    const fromFlag = flags[key.flag]
    const fromEnv = envActive ? env[key.env]?.trim() : undefined
    const fromFile = fileData?.[key.file]
    let setting: Setting | undefined
    if (fromFlag) setting = {value: fromFlag, source: 'flag', origin: `--${key.flag}`}
    else if (fromEnv) setting = {value: fromEnv, source: 'env', origin: key.env}
    else if (typeof fromFile === 'string' && fromFile.trim() !== '')
      setting = {value: fromFile.trim(), source: 'profile', origin: file}
    if (setting) resolved[key.name] = setting
  }
  resolved.serverType.value = normaliseServerType(resolved.serverType.value, resolved.serverType.origin)
  return resolved
}
