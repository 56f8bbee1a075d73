import {BOOLEAN_FLAGS, VALUE_FLAGS} from './global-flags.js'

/**
 * oclif finds the command from the first words of argv, so `conductor --profile prod workflow list`
 * would not resolve. Global flags written before the command words are moved after them
 * (but before a `--` separator), which is how kubectl and the Go CLI users type them.
 */
export function reorderGlobalFlags(argv: string[]): string[] {
  const leading: string[] = []
  let i = 0
  while (i < argv.length) {
    const token = argv[i] as string
    const name = token.split('=')[0] as string
    if (VALUE_FLAGS.has(name)) {
      leading.push(token)
      if (!token.includes('=') && i + 1 < argv.length) leading.push(argv[++i] as string)
      i++
    } else if (BOOLEAN_FLAGS.has(token)) {
      leading.push(token)
      i++
    } else break
  }
  const rest = argv.slice(i)
  if (leading.length === 0 || rest.length === 0 || (rest[0] as string).startsWith('-')) return argv
  const separator = rest.indexOf('--')
  if (separator === -1) return [...rest, ...leading]
  return [...rest.slice(0, separator), ...leading, ...rest.slice(separator)]
}
