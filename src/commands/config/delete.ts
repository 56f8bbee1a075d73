import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import {canPrompt} from '../../lib/output/streams.js'

export default class ConfigDelete extends BaseCommand<typeof ConfigDelete> {
  static override summary = 'Delete a saved profile.'
  static override examples = ['<%= config.bin %> config delete staging --yes']
  static override args = {name: Args.string({description: 'Profile name (default: the --profile in effect).'})}
  static override flags = {yes: Flags.boolean({char: 'y', summary: 'Do not ask for confirmation.'})}

  async run(): Promise<{profile: string; deleted: boolean}> {
    const {deleteProfile, profilePath, checkProfileName, DEFAULT_PROFILE} = await import('../../lib/config/profiles.js')
    const name = this.args.name ?? this.flags.profile ?? DEFAULT_PROFILE
    checkProfileName(name)
    if (!this.flags.yes) {
      if (!canPrompt()) throw new CliError('usage', `Deleting profile "${name}" needs confirmation: pass --yes`)
      const {confirm} = await import('@inquirer/prompts')
      if (!(await confirm({message: `Delete profile "${name}" (${profilePath(name)})?`, default: false})))
        throw new CliError('failure', 'Cancelled')
    }
    const deleted = await deleteProfile(name)
    if (!deleted) throw new CliError('notFound', `Profile "${name}" does not exist (${profilePath(name)})`)
    this.note(`Deleted profile "${name}"`)
    return {profile: name, deleted}
  }
}
