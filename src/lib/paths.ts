import {homedir} from 'node:os'
import {join} from 'node:path'

/** Where profiles, token caches and local server state live. Shared with the Go CLI's layout. */
export function configHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.CONDUCTOR_CLI_HOME ?? join(homedir(), '.conductor-cli')
}

/** Where downloaded server jars are kept (large, re-downloadable). */
export function cacheHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CONDUCTOR_CLI_CACHE) return env.CONDUCTOR_CLI_CACHE
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'conductor-cli')
}
