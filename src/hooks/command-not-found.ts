import type {Hook} from '@oclif/core'
import {closestMatch} from '../lib/text.js'

/**
 * Off a terminal, @oclif/plugin-not-found only says the command does not exist (its "did you
 * mean" is an interactive prompt). Scripts and CI logs get the suggestion from here instead.
 */
const hook: Hook<'command_not_found'> = async function (options) {
  if (process.stdin.isTTY) return
  const ids = options.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases])
  const guess = closestMatch(options.id, ids, (s) => s.replaceAll(':', ' ').toLowerCase())
  if (guess) process.stderr.write(`Did you mean \`${options.config.bin} ${guess.replaceAll(':', ' ')}\`?\n`)
}

export default hook
