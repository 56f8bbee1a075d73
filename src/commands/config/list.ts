import {BaseCommand} from '../../lib/command/base-command.js'
import {outputFlag} from '../../lib/command/flags.js'

interface Row {
  profile: string
  server: string
  auth: string
  file: string
}

export default class ConfigList extends BaseCommand<typeof ConfigList> {
  static override summary = 'List saved profiles.'
  static override examples = ['<%= config.bin %> config list']

  static override flags = {...outputFlag}

  async run(): Promise<Row[]> {
    const {listProfiles, readProfile, profilePath} = await import('../../lib/config/profiles.js')
    const rows: Row[] = []
    for (const name of await listProfiles()) {
      const data = (await readProfile(name)) ?? {}
      const auth = data['auth-token'] ? 'token' : data['auth-key'] ? 'key + secret' : 'none'
      rows.push({
        profile: name,
        server: typeof data.server === 'string' ? data.server : '',
        auth,
        file: profilePath(name),
      })
    }
    await this.renderList(rows, [
      {header: 'Profile', get: (r) => r.profile},
      {header: 'Server', get: (r) => r.server},
      {header: 'Auth', get: (r) => r.auth},
      {header: 'File', get: (r) => r.file},
    ])
    return rows
  }
}
