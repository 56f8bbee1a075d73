import type {ProfileData} from './profiles.js'

/** Asks one question; an empty answer takes the default. `secret` answers are not echoed. */
export type Ask = (question: string, defaultValue: string, options?: {secret?: boolean}) => Promise<string>

export interface SaveAnswers {
  profile?: string
  values: Record<string, string | undefined>
}

/**
 * The Go CLI's `config save` questions, in its order and with its defaults (existing values kept
 * on an empty answer, secrets shown as ****): profile name (unless given), server URL, server type,
 * and for Enterprise the auth method, then key + secret or a token.
 */
export async function askSaveQuestions(
  ask: Ask,
  existing: ProfileData,
  options: {askProfile: boolean; note: (text: string) => void},
): Promise<SaveAnswers> {
  const answers: SaveAnswers = {values: {}}
  if (options.askProfile) answers.profile = (await ask('Profile name (empty for default)', '')).trim()
  const str = (key: string) => (typeof existing[key] === 'string' ? (existing[key] as string) : '')
  const server = (await ask('Server URL', str('server') || 'http://localhost:8080/api')).trim()
  const serverType = (await ask('Server type (OSS/Enterprise)', str('server-type') || 'OSS')).trim()
  answers.values = {server, 'server-type': serverType, 'auth-key': '', 'auth-secret': '', 'auth-token': ''}
  if (serverType.toLowerCase() === 'oss') {
    options.note('No authentication required for OSS Conductor.')
    return answers
  }
  options.note('Authentication method:\n  1. API Key + Secret\n  2. Auth Token')
  const method = (await ask('Choose', str('auth-token') ? '2' : '1')).trim()
  const keep = (key: string, answer: string) => (answer.trim() === '' || answer === '****' ? str(key) : answer.trim())
  const masked = (key: string) => (str(key) ? '****' : '')
  if (method === '2') {
    answers.values['auth-token'] = keep('auth-token', await ask('Auth Token', masked('auth-token'), {secret: true}))
  } else {
    answers.values['auth-key'] = keep('auth-key', await ask('API Key', masked('auth-key')))
    answers.values['auth-secret'] = keep('auth-secret', await ask('API Secret', masked('auth-secret'), {secret: true}))
  }
  return answers
}
