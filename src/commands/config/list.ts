import {BaseCommand} from '../../lib/command/base-command.js'
import {Flags} from '@oclif/core'
import {OUTPUT_FORMATS, type OutputFormat} from '../../lib/output/formats.js'

interface Row {
  profile: string
  server: string
  auth: string
  file: string
}

export default class ConfigList extends BaseCommand<typeof ConfigList> {
  static override summary = 'List saved profiles.'
  static override description =
    'On a terminal a table (profile, server, auth, file); piped, one profile name a line ("default" is config.yaml), as the Go CLI prints them, or "No configuration files found". -o picks a format either way.'
  static override examples = ['<%= config.bin %> config list', '<%= config.bin %> config list -o json']

  static override flags = {output: Flags.string({char: 'o', summary: 'Output format.', options: [...OUTPUT_FORMATS]})}

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
    if (!this.flags.output && !process.stdout.isTTY) {
      this.log(rows.length === 0 ? 'No configuration files found' : rows.map((r) => r.profile).join('\n'))
      return rows
    }
    await this.renderList(
      rows,
      [
        {header: 'Profile', get: (r) => r.profile},
        {header: 'Server', get: (r) => r.server},
        {header: 'Auth', get: (r) => r.auth},
        {header: 'File', get: (r) => r.file},
      ],
      this.flags.output as OutputFormat | undefined,
    )
    return rows
  }
}
