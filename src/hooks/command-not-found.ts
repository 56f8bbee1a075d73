import {Errors, type Hook} from '@oclif/core'
import {EXIT_CODES} from '../lib/errors.js'
import {closestMatch} from '../lib/text.js'

/**
 * An unknown command ends like every other error: `Error:` and `Hint:` lines on stderr (or the error
 * document under --json), exit 127. On a terminal it offers to run the closest command instead.
 */
const hook: Hook<'command_not_found'> = async function (options) {
  const bin = options.config.bin
  const ids = options.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases])
  const readable = (id: string) => id.replaceAll(':', ' ')
  const guess = closestMatch(options.id, ids, (s) => readable(s).toLowerCase())
  const json = (options.argv ?? []).includes('--json') || process.argv.includes('--json')
  const {canPrompt} = await import('../lib/output/streams.js')
  if (guess && !json && canPrompt()) {
    const {confirm} = await import('@inquirer/prompts')
    const run = await confirm({
      message: `"${readable(options.id)}" is not a ${bin} command. Run \`${bin} ${readable(guess)}\`?`,
      default: false,
    }).catch(() => false)
    if (run) return options.config.runCommand(guess, options.argv ?? [])
  }
  const message = `"${readable(options.id)}" is not a ${bin} command`
  const hint = guess
    ? `Did you mean \`${bin} ${readable(guess)}\`? \`${bin} help\` lists the commands.`
    : `\`${bin} help\` lists the commands.`
  if (json) {
    const error = {kind: 'unknownCommand', exitCode: EXIT_CODES.unknownCommand, message, hint}
    process.stdout.write(JSON.stringify({error}, null, 2) + '\n')
  } else process.stderr.write(`Error: ${message}\nHint: ${hint}\n`)
  throw Object.assign(new Errors.ExitError(EXIT_CODES.unknownCommand), {skipOclifErrorHandling: true})
}

export default hook
