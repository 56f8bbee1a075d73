import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import {canPrompt} from '../../lib/output/streams.js'

export default class ConfigSave extends BaseCommand<typeof ConfigSave> {
  static override summary = 'Save connection settings to a profile (file mode 0600).'
  static override description =
    "Takes the values from --server/--auth-key/--auth-secret/--auth-token; on a terminal it asks for what is missing. Files are the Go CLI's (~/.conductor-cli/config.yaml or config-NAME.yaml), so both tools share them."
  static override examples = [
    '<%= config.bin %> config save --server http://localhost:8080/api',
    '<%= config.bin %> config save --profile prod --server https://acme.orkesconductor.io/api --auth-key KEY --auth-secret SECRET',
  ]
  static override flags = {
    'server-type': Flags.string({
      summary: 'Recorded for the Go CLI (OSS or Enterprise); this CLI detects it.',
      options: ['OSS', 'Enterprise'],
    }),
  }

  async run(): Promise<{profile: string; file: string; keys: string[]}> {
    const {writeProfile, checkProfileName, DEFAULT_PROFILE} = await import('../../lib/config/profiles.js')
    const {serverRoot} = await import('../../lib/config/server-url.js')
    const profile = this.flags.profile ?? process.env.CONDUCTOR_PROFILE ?? DEFAULT_PROFILE
    checkProfileName(profile)
    let server = this.flags.server
    let key = this.flags['auth-key']
    let secret = this.flags['auth-secret']
    const token = this.flags['auth-token']
    if (!server) {
      if (!canPrompt())
        throw new CliError('usage', 'Nothing to save: give --server (and --auth-key/--auth-secret or --auth-token)')
      const {input, password} = await import('@inquirer/prompts')
      server = await input({message: 'Server URL', default: 'http://localhost:8080/api'})
      if (!key && !token) {
        key = (await input({message: 'Auth key id (empty for none)', default: ''})) || undefined
        if (key) secret = await password({message: 'Auth key secret', mask: '*'})
      }
    }
    if ((key && !secret) || (secret && !key)) throw new CliError('usage', 'Give both --auth-key and --auth-secret')
    const values = {
      server: serverRoot(server) + '/api',
      'server-type': this.flags['server-type'],
      'auth-key': key,
      'auth-secret': secret,
      'auth-token': token,
    }
    const file = await writeProfile(profile, values)
    this.note(`Saved profile "${profile}" to ${file}`)
    return {
      profile,
      file,
      keys: Object.entries(values)
        .filter(([, v]) => v)
        .map(([k]) => k),
    }
  }
}
