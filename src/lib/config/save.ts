import {CliError} from '../errors.js'
import {
  checkProfileName,
  DEFAULT_PROFILE,
  readProfile,
  readProfileFile,
  writeProfile,
  writeProfileFile,
} from './profiles.js'
import {normaliseServerType} from './resolve.js'
import type {Ask} from './save-prompts.js'
import {serverRoot} from './server-url.js'

export {DEFAULT_PROFILE}

export type ProfileValues = Record<string, string | undefined>

export interface SaveTarget {
  /** The profile named by --profile or CONDUCTOR_PROFILE, if any. */
  named?: string | undefined
  /** --config FILE: that file is written instead of a profile's. */
  configFile?: string | undefined
}

/**
 * The Go CLI's questions, the defaults from the file they would write. The profile is asked first
 * (when none is named), so the defaults come from the file it names.
 */
export async function askProfileValues(
  ask: Ask,
  target: SaveTarget,
  note: (text: string) => void,
): Promise<{profile: string; values: ProfileValues}> {
  const {askSaveQuestions} = await import('./save-prompts.js')
  let profile = target.named ?? DEFAULT_PROFILE
  const askProfile = !target.configFile && !target.named
  const existingOf = async (name: string) =>
    (target.configFile ? await readProfileFile(target.configFile) : await readProfile(name)) ?? {}
  // askSaveQuestions keeps this object: the named profile's values replace its contents in place
  const existing: Record<string, unknown> = await existingOf(profile)
  const answers = await askSaveQuestions(
    async (question, defaultValue, options) => {
      const answer = await ask(question, defaultValue, options)
      if (askProfile && question.startsWith('Profile name')) {
        profile = answer.trim() || DEFAULT_PROFILE
        const named = await existingOf(profile)
        for (const key of Object.keys(existing)) delete existing[key]
        Object.assign(existing, named)
      }
      return answer
    },
    existing,
    {askProfile, note},
  )
  return {profile, values: answers.values}
}

/** Checks and writes the values (atomically, mode 0600); returns the file and the keys saved. */
export async function saveProfileValues(
  profile: string,
  values: ProfileValues,
  configFile: string | undefined,
): Promise<{profile: string; file: string; keys: string[]}> {
  checkProfileName(profile)
  if (!values.server) throw new CliError('usage', 'Nothing to save: give --server')
  const key = values['auth-key']
  const secret = values['auth-secret']
  if ((key && !secret) || (secret && !key)) throw new CliError('usage', 'Give both --auth-key and --auth-secret')
  const saved: ProfileValues = {...values, server: serverRoot(values.server) + '/api'}
  if (saved['server-type']) saved['server-type'] = normaliseServerType(saved['server-type'], 'server type')
  const file = configFile ? await writeProfileFile(configFile, saved) : await writeProfile(profile, saved)
  const keys = Object.entries(saved)
    .filter(([, v]) => v)
    .map(([k]) => k)
  return {profile, file, keys}
}

/** Answers piped in, one a line (an empty line takes the default). */
export async function linesAsker(stream: AsyncIterable<Buffer | string>): Promise<Ask> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  const lines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)
  return async (_question, defaultValue) => {
    const answer = (lines.shift() ?? '').trim()
    return answer === '' ? defaultValue : answer
  }
}
