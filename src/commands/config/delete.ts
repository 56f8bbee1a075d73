import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'

export default class ConfigDelete extends BaseCommand<typeof ConfigDelete> {
  static override summary = 'Delete a saved profile.'
  static override examples = [
    '<%= config.bin %> config delete staging --yes',
    '<%= config.bin %> config delete --profile staging -y',
  ]
  static override args = {name: Args.string({description: 'Profile name (default: the --profile in effect).'})}

  async run(): Promise<{profile: string; deleted: boolean}> {
    const {deleteProfile, profilePath, checkProfileName, DEFAULT_PROFILE} = await import('../../lib/config/profiles.js')
    const name = this.args.name ?? this.flags.profile ?? DEFAULT_PROFILE
    checkProfileName(name)
    await this.confirmOrYes(`Delete profile "${name}" (${profilePath(name)})?`)
    const deleted = await deleteProfile(name)
    if (!deleted) throw new CliError('notFound', `Profile "${name}" does not exist (${profilePath(name)})`)
    this.log(`✓ Configuration deleted: ${profilePath(name)}`)
    return {profile: name, deleted}
  }
}
