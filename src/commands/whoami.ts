import {BaseCommand} from '../lib/command/base-command.js'
import {CliError} from '../lib/errors.js'

interface Identity {
  server: string
  authentication: 'none' | 'token' | 'key + secret'
  name?: string
  email?: string
  sub?: string
}

export default class Whoami extends BaseCommand<typeof Whoami> {
  static override summary = 'Show the server and the identity its token names (the Go CLI command).'
  static override description =
    'Without auth: "Server: URL" and "Authentication: none (OSS Conductor)". With a token (or a key and secret, exchanged for one) the URL, then the name, email or subject from the token\'s claims, as the Go CLI prints them. The token is read, not verified: `conductor doctor` checks it against the server.'
  static override examples = ['<%= config.bin %> whoami', '<%= config.bin %> --profile prod whoami --json']

  async run(): Promise<Identity> {
    const {jwtClaims} = await import('../lib/client/token-cache.js')
    const config = await this.settings()
    const {serverRoot} = await import('../lib/config/server-url.js')
    const server = serverRoot(config.server.value) + '/api'
    let token = config.authToken?.value
    const authentication = token ? 'token' : config.authKey ? 'key + secret' : 'none'
    if (!token && config.authKey) {
      const client = await this.client()
      token = (await client.auth.header())['x-authorization']
      if (!token && client.auth.serverHasNoAuth) this.warn(`${server} has no authentication (OSS): the key is not used`)
    }
    if (!token) {
      this.log(`Server:         ${server}`)
      this.log('Authentication: none (OSS Conductor)')
      return {server, authentication: 'none'}
    }
    const claims = jwtClaims(token)
    if (!claims)
      throw new CliError('auth', 'The auth token is not a JWT: it names no user', {
        hint: 'Check it with `conductor doctor`.',
      })
    const pick = (key: string) =>
      typeof claims[key] === 'string' && claims[key] !== '' ? (claims[key] as string) : undefined
    const identity: Identity = {server, authentication}
    for (const key of ['name', 'email', 'sub'] as const) {
      const value = pick(key)
      if (value) identity[key] = value
    }
    this.log(server)
    if (identity.name) this.log(identity.name)
    if (identity.email) this.log(identity.email)
    if (!identity.name && !identity.email && identity.sub) this.log(identity.sub)
    if (!identity.name && !identity.email && !identity.sub)
      throw new CliError('auth', 'no user information found in token (email, name, or sub)', {result: identity})
    return identity
  }
}
