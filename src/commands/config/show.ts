import {Flags} from '@oclif/core'
import {basename} from 'node:path'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {ResolvedConfig, Setting} from '../../lib/config/resolve.js'
import {OUTPUT_FORMATS, type OutputFormat} from '../../lib/output/formats.js'

interface Row {
  key: string
  value: string
  source: string
}

/** The Go CLI's `config show` rows: every key, "" when unset, its source as `flag --x`, `env X`, a file name or `default`. */
function goValues(config: ResolvedConfig, mask: (v: string) => string): Row[] {
  const short = (s: Setting | undefined) =>
    !s || s.source === 'default'
      ? 'default'
      : s.source === 'flag'
        ? `flag ${s.origin}`
        : s.source === 'env'
          ? `env ${s.origin}`
          : basename(s.origin)
  const entries: [string, Setting | undefined, boolean][] = [
    ['server', config.server, false],
    ['server-type', config.serverType, false],
    ['auth-key', config.authKey, false],
    ['auth-secret', config.authSecret, true],
    ['auth-token', config.authToken, true],
  ]
  return entries.map(([key, s, secret]) => ({
    key,
    value: s && s.source !== 'default' ? (secret ? mask(s.value) : s.value) : key === 'server-type' ? 'OSS' : '',
    source: short(s),
  }))
}

export default class ConfigShow extends BaseCommand<typeof ConfigShow> {
  static override summary = 'Show the settings in effect and where each one comes from (secrets masked).'
  static override description =
    'Prints "Source: FILE" (or "environment variables", "built-in defaults") and the KEY/VALUE/SOURCE table the Go CLI prints. -o table|csv|yaml|jsonl lists the settings with full origins; --json has both (`settings` and the Go CLI\'s `file`/`values`).'
  static override examples = ['<%= config.bin %> config show', '<%= config.bin %> --profile prod config show --json']
  static override flags = {
    output: Flags.string({char: 'o', summary: 'Output format.', options: [...OUTPUT_FORMATS]}),
    'show-secrets': Flags.boolean({summary: 'Print secrets in clear (for copying to another machine).'}),
  }

  async run(): Promise<{profile: string; profileFile: string; settings: Row[]; file: string; values: Row[]}> {
    const config = await this.settings()
    const {serverRoot} = await import('../../lib/config/server-url.js')
    const show = this.flags['show-secrets']
    const mask = (v: string) => (show ? v : v.length > 8 ? `${v.slice(0, 2)}****${v.slice(-2)}` : '****')
    const rows: Row[] = [
      {key: 'profile', value: config.profile.value, source: config.profile.origin},
      {key: 'server', value: serverRoot(config.server.value) + '/api', source: config.server.origin},
      {key: 'server-type', value: config.serverType.value, source: config.serverType.origin},
    ]
    if (config.authKey) rows.push({key: 'auth-key', value: config.authKey.value, source: config.authKey.origin})
    if (config.authSecret)
      rows.push({key: 'auth-secret', value: mask(config.authSecret.value), source: config.authSecret.origin})
    if (config.authToken)
      rows.push({key: 'auth-token', value: mask(config.authToken.value), source: config.authToken.origin})
    if (config.profileExists) {
      const {isReadableByOthers} = await import('../../lib/fs-atomic.js')
      if (await isReadableByOthers(config.profileFile))
        this.warn(`${config.profileFile} is readable by other users; run: chmod 600 ${config.profileFile}`)
    }
    const values = goValues(config, (v) => (show ? v : '****'))
    const file = config.active !== 'env' && config.profileExists ? config.profileFile : ''
    if (this.flags.output) {
      await this.renderList(
        rows,
        [
          {header: 'Key', get: (r) => r.key},
          {header: 'Value', get: (r) => r.value},
          {header: 'Source', get: (r) => r.source},
        ],
        this.flags.output as OutputFormat,
      )
    } else if (!this.jsonEnabled()) {
      this.log(`Source: ${config.active === 'env' ? 'environment variables' : file || 'built-in defaults'}`)
      this.log('')
      await this.renderList(
        values.map((v) => ({...v, value: v.value || '-'})),
        [
          {header: 'KEY', get: (r) => r.key},
          {header: 'VALUE', get: (r) => r.value},
          {header: 'SOURCE', get: (r) => r.source},
        ],
        'table',
        {exactHeaders: true},
      )
    }
    return {profile: config.profile.value, profileFile: config.profileFile, settings: rows, file, values}
  }
}
