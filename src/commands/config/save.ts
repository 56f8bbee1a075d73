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
    const {askProfileValues, saveProfileValues, DEFAULT_PROFILE} = await import('../../lib/config/save.js')
    const f = this.flags
    const named = f.profile ?? (process.env.CONDUCTOR_PROFILE || undefined)
    const {profile, values} = f.server
      ? {
          profile: named ?? DEFAULT_PROFILE,
          values: {
            server: f.server,
            'server-type': f['server-type'],
            'auth-key': f['auth-key'],
            'auth-secret': f['auth-secret'],
            'auth-token': f['auth-token'],
          },
        }
      : await askProfileValues(await this.asker(), {named, configFile: f.config}, (text) => this.logToStderr(text))
    const saved = await saveProfileValues(profile, values, f.config)
    this.log(`✓ Configuration saved to ${saved.file}`)
    return saved
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
    const {linesAsker} = await import('../../lib/config/save.js')
    return linesAsker(process.stdin)
  }
}
