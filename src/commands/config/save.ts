import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import type {Ask} from '../../lib/config/save-prompts.js'
import {canPrompt} from '../../lib/output/streams.js'

export default class ConfigSave extends BaseCommand<typeof ConfigSave> {
  static override summary = 'Save connection settings to a profile (file mode 0600).'
  static override description =
    "With --server (and --auth-key/--auth-secret or --auth-token, --server-type) it saves those values. Without them it asks the Go CLI's questions: on a terminal interactively, else one answer a line from piped stdin. Files are the Go CLI's (~/.conductor-cli/config.yaml or config-NAME.yaml; --config FILE writes that file), so both tools share them."
  static override examples = [
    '<%= config.bin %> config save',
    '<%= config.bin %> config save --server http://localhost:8080/api',
    '<%= config.bin %> --server https://acme.orkesconductor.io/api --auth-key KEY --auth-secret SECRET --profile prod config save',
  ]

  async run(): Promise<{profile: string; file: string; keys: string[]}> {
    const {writeProfile, writeProfileFile, readProfile, readProfileFile, checkProfileName, DEFAULT_PROFILE} =
      await import('../../lib/config/profiles.js')
    const {serverRoot} = await import('../../lib/config/server-url.js')
    const {normaliseServerType} = await import('../../lib/config/resolve.js')
    // an empty CONDUCTOR_PROFILE is unset, as resolve.ts reads it (not a profile named "")
    let profile = this.flags.profile ?? (process.env.CONDUCTOR_PROFILE || DEFAULT_PROFILE)
    const configFile = this.flags.config
    let values: Record<string, string | undefined>
    if (this.flags.server) {
      values = {
        server: this.flags.server,
        'server-type': this.flags['server-type'],
        'auth-key': this.flags['auth-key'],
        'auth-secret': this.flags['auth-secret'],
        'auth-token': this.flags['auth-token'],
      }
    } else {
      const ask = await this.asker()
      const {askSaveQuestions} = await import('../../lib/config/save-prompts.js')
      const askProfile = !configFile && !this.flags.profile && !process.env.CONDUCTOR_PROFILE
      const existingOf = async (name: string) =>
        (configFile ? await readProfileFile(configFile) : await readProfile(name)) ?? {}
      // the profile is asked first, so the defaults come from the file it names
      const existing = await existingOf(profile)
      const answers = await askSaveQuestions(
        async (question, defaultValue, options) => {
          const answer = await ask(question, defaultValue, options)
          if (askProfile && question.startsWith('Profile name')) {
            profile = answer.trim() || DEFAULT_PROFILE
            // in place: askSaveQuestions reads its defaults from this object
            const named = await existingOf(profile)
            for (const key of Object.keys(existing)) delete existing[key]
            Object.assign(existing, named)
          }
          return answer
        },
        existing,
        {askProfile, note: (text) => this.logToStderr(text)},
      )
      values = answers.values
    }
    checkProfileName(profile)
    if (!values.server) throw new CliError('usage', 'Nothing to save: give --server')
    const key = values['auth-key']
    const secret = values['auth-secret']
    if ((key && !secret) || (secret && !key)) throw new CliError('usage', 'Give both --auth-key and --auth-secret')
    values.server = serverRoot(values.server) + '/api'
    if (values['server-type']) values['server-type'] = normaliseServerType(values['server-type'], 'server type')
    const file = configFile ? await writeProfileFile(configFile, values) : await writeProfile(profile, values)
    this.log(`✓ Configuration saved to ${file}`)
    return {
      profile,
      file,
      keys: Object.entries(values)
        .filter(([, v]) => v)
        .map(([k]) => k),
    }
  }

  /** Prompts on a terminal; piped stdin answers one question a line; otherwise flags are needed. */
  private async asker(): Promise<Ask> {
    if (canPrompt()) {
      const {input, password} = await import('@inquirer/prompts')
      return async (message, defaultValue, options) =>
        options?.secret
          ? (await password({message: `${message}${defaultValue ? ` [${defaultValue}]` : ''}`, mask: '*'})) ||
            defaultValue
          : input({message, default: defaultValue})
    }
    const {fstatSync} = await import('node:fs')
    const stdin = fstatSync(0)
    if (!stdin.isFIFO() && !stdin.isFile())
      throw new CliError('usage', 'Nothing to save: give --server (and --auth-key/--auth-secret or --auth-token)', {
        hint: 'Or run it on a terminal to answer its questions, or pipe the answers in, one a line.',
      })
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    const lines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)
    return async (_question, defaultValue) => {
      const answer = (lines.shift() ?? '').trim()
      return answer === '' ? defaultValue : answer
    }
  }
}
