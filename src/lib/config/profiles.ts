import {readdir, readFile, rm} from 'node:fs/promises'
import {join} from 'node:path'
import {CliError} from '../errors.js'
import {writeFileAtomic} from '../fs-atomic.js'
import {configHome} from '../paths.js'

/** The keys of the Go CLI's profile files (~/.conductor-cli/config[-NAME].yaml). */
export interface ProfileData {
  server?: string
  'server-type'?: string
  'auth-key'?: string
  'auth-secret'?: string
  'auth-token'?: string
  [key: string]: unknown
}

export const DEFAULT_PROFILE = 'default'

/** Every profile file path comes from here, so a name can never point outside the config directory. */
export function profilePath(name: string, env: NodeJS.ProcessEnv = process.env): string {
  checkProfileName(name)
  const file = name === DEFAULT_PROFILE ? 'config.yaml' : `config-${name}.yaml`
  return join(configHome(env), file)
}

export function checkProfileName(name: string): void {
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('.'))
    throw new CliError('usage', `Invalid profile name ${JSON.stringify(name)}: use letters, digits, "-", "_" and "."`, {
      hint: 'A profile is a name (e.g. --profile prod), not a path; its file is config-NAME.yaml in the config directory.',
    })
}

export async function readProfile(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProfileData | undefined> {
  return readProfileFile(profilePath(name, env))
}

/** Any profile-shaped YAML file (`--config FILE`); undefined when it does not exist. */
export async function readProfileFile(path: string): Promise<ProfileData | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new CliError('invalid', `Cannot read profile file ${path}: ${(error as Error).message}`)
  }
  const {parse} = await import('yaml')
  let data: unknown
  try {
    data = parse(text)
  } catch (error) {
    throw new CliError('invalid', `${path}: not valid YAML: ${(error as Error).message.split('\n')[0]}`)
  }
  if (data === null || data === undefined) return {}
  if (typeof data !== 'object' || Array.isArray(data))
    throw new CliError('invalid', `${path}: expected a map of keys (server, auth-key, ...)`)
  return data as ProfileData
}

/** Writes the profile atomically with mode 0600, keeping keys (and comments) it does not manage. */
export async function writeProfile(
  name: string,
  values: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return writeProfileFile(profilePath(name, env), values)
}

/** Writes any profile-shaped file (`--config FILE`), as writeProfile does. */
export async function writeProfileFile(path: string, values: Record<string, string | undefined>): Promise<string> {
  const {parseDocument} = await import('yaml')
  let existing = ''
  try {
    existing = await readFile(path, 'utf8')
  } catch {}
  const doc = parseDocument(existing)
  if (!doc.contents) doc.contents = doc.createNode({}) as unknown as typeof doc.contents
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '') doc.delete(key)
    else doc.set(key, value)
  }
  await writeFileAtomic(path, doc.toString(), 0o600)
  return path
}

export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(configHome(env))
  } catch {
    return []
  }
  const profiles: string[] = []
  for (const file of names.sort()) {
    if (file === 'config.yaml') profiles.push(DEFAULT_PROFILE)
    const match = /^config-(.+)\.yaml$/.exec(file)
    if (match?.[1] && match[1] !== DEFAULT_PROFILE) profiles.push(match[1])
  }
  return profiles.sort((a, b) => (a === DEFAULT_PROFILE ? -1 : b === DEFAULT_PROFILE ? 1 : a.localeCompare(b)))
}

export async function deleteProfile(name: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const path = profilePath(name, env)
  try {
    await rm(path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}
