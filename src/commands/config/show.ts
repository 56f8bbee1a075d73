import {Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {outputFlag} from '../../lib/command/flags.js'

interface Row {
  key: string
  value: string
  source: string
}

export default class ConfigShow extends BaseCommand<typeof ConfigShow> {
  static override summary = 'Show the settings in effect and where each one comes from (secrets masked).'
  static override examples = ['<%= config.bin %> config show', '<%= config.bin %> --profile prod config show --json']
  static override flags = {
    ...outputFlag,
    'show-secrets': Flags.boolean({summary: 'Print secrets in clear (for copying to another machine).'}),
  }

  async run(): Promise<{profile: string; profileFile: string; settings: Row[]}> {
    const config = await this.settings()
    const {serverRoot} = await import('../../lib/config/server-url.js')
    const mask = (v: string) =>
      this.flags['show-secrets'] ? v : v.length > 8 ? `${v.slice(0, 2)}****${v.slice(-2)}` : '****'
    const rows: Row[] = [
      {key: 'profile', value: config.profile.value, source: config.profile.origin},
      {key: 'server', value: serverRoot(config.server.value) + '/api', source: config.server.origin},
    ]
    if (config.authKey) rows.push({key: 'auth-key', value: config.authKey.value, source: config.authKey.origin})
    if (config.authSecret)
      rows.push({key: 'auth-secret', value: mask(config.authSecret.value), source: config.authSecret.origin})
    if (config.authToken)
      rows.push({key: 'auth-token', value: mask(config.authToken.value), source: config.authToken.origin})
    if (!config.profileExists)
      this.note(`Profile file ${config.profileFile} does not exist; defaults and environment apply.`)
    if (config.profileExists) {
      const {isReadableByOthers} = await import('../../lib/fs-atomic.js')
      if (await isReadableByOthers(config.profileFile))
        this.warn(`${config.profileFile} is readable by other users; run: chmod 600 ${config.profileFile}`)
    }
    await this.renderList(rows, [
      {header: 'Key', get: (r) => r.key},
      {header: 'Value', get: (r) => r.value},
      {header: 'Source', get: (r) => r.source},
    ])
    return {profile: config.profile.value, profileFile: config.profileFile, settings: rows}
  }
}
