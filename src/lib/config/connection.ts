import type {Connection} from '../client/build-client.js'
import {CliError} from '../errors.js'
import {profilePath} from './profiles.js'
import {CONFIG_ENV_VARS, resolveConfig} from './resolve.js'

/**
 * The server and auth of a named profile's file, a URL overriding its server (resolveConfig with only
 * the profile and the server given; the environment's settings are not used). Without a profile: the
 * URL alone, no auth. `origin` names where the profile came from in errors (`--from`, `the plan`).
 */
export async function profileConnection(
  profile: string | undefined,
  url: string | undefined,
  origin: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Connection> {
  if (!profile && url) return {server: url}
  const missing = () =>
    new CliError(
      'usage',
      `Profile "${profile}" (${origin}) does not exist (expected file: ${profilePath(profile ?? '', env)})`,
      {
        hint: `Create it with \`conductor config save --profile ${profile}\`, or give a URL with --from-server/--to-server.`,
      },
    )
  const noServer = () =>
    new CliError('usage', `Profile "${profile}" (${origin}) has no server`, {
      hint: 'Add `server:` to the profile, or give a URL with --from-server/--to-server.',
    })
  if (!profile) throw noServer()
  const fileOnly = Object.fromEntries(
    Object.entries(env).filter(
      ([name]) => name !== 'CONDUCTOR_PROFILE' && !(CONFIG_ENV_VARS as readonly string[]).includes(name),
    ),
  )
  const config = await resolveConfig({profile, server: url}, fileOnly).catch((error: unknown) => {
    throw error instanceof CliError && error.kind === 'notFound' ? missing() : error
  })
  if (!config.profileExists) throw missing()
  if (config.server.source === 'default') throw noServer()
  return {
    server: config.server.value,
    authKey: config.authKey?.value,
    authSecret: config.authSecret?.value,
    authToken: config.authToken?.value,
  }
}
