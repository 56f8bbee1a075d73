import {Flags} from '@oclif/core'
import {parseDuration} from '../duration.js'
import {usageError} from '../errors.js'

/**
 * The flags that mean the same thing in every command, defined once. Short flags keep one meaning
 * each: -o output format, -f a file to read (`--input-file`/`--file`), -i input, -y yes, -v verbose,
 * -n a count. Where the official Go CLI gives a letter another meaning in one command (`server start
 * -f` foreground, `server logs -f` follow, as in `tail -f`), ours follows it there.
 */

interface DurationOptions {
  summary: string
  hidden?: boolean
  aliases?: string[]
  helpGroup?: string
}

const durationOptions = (options: DurationOptions) => ({
  summary: options.summary,
  helpValue: 'DURATION',
  ...(options.helpGroup ? {helpGroup: options.helpGroup} : {}),
  ...(options.hidden ? {hidden: true} : {}),
  ...(options.aliases ? {aliases: options.aliases} : {}),
  parse: async (text: string, _context: unknown, opts: {name: string}) => parseDuration(text, `--${opts.name}`),
})

/**
 * A length of time: `30s`, `5m`, `1h30m`, `250ms`, or plain seconds. Parsed to milliseconds at parse
 * time, so a bad value is a usage error naming the flag before anything runs.
 */
export function durationFlag(options: DurationOptions) {
  return Flags.custom<number>(durationOptions(options))()
}

/** A duration flag with a default (written as people write it, e.g. '10m'). */
export function defaultedDurationFlag(options: DurationOptions & {default: string}) {
  const fallback = options.default
  return Flags.custom<number>({
    ...durationOptions(options),
    default: async () => parseDuration(fallback),
    defaultHelp: async () => fallback,
  })()
}

/** One KEY=VALUE pair, checked at parse time; VALUE is kept as written (the command decides how to read it). */
export interface KeyValue {
  key: string
  value: string
}

export function parseKeyValue(text: string, flag: string): KeyValue {
  const eq = text.indexOf('=')
  if (eq <= 0) throw usageError(`${flag} ${text}: expected KEY=VALUE`, `Write it as ${flag} name=value.`)
  return {key: text.slice(0, eq), value: text.slice(eq + 1)}
}

/** A repeatable KEY=VALUE flag (`--input a=1 --input b.c=2`). */
export function keyValueFlag(options: {summary: string; char?: 'i' | 'p'; helpValue?: string}) {
  return Flags.custom<KeyValue>({
    summary: options.summary,
    helpValue: options.helpValue ?? 'KEY=VALUE',
    multiple: true,
    multipleNonGreedy: true,
    ...(options.char ? {char: options.char} : {}),
    parse: async (text, _context, opts) => parseKeyValue(text, `--${opts.name}`),
  })()
}

/** `-o/--output` for commands that print lists; `-o json` is the same data as `--json`. */
export const outputFlag = {
  output: Flags.string({
    char: 'o',
    summary: 'Output format.',
    options: ['table', 'json', 'yaml', 'jsonl', 'csv'],
    default: 'table',
  }),
}

/** `-o/--output` for commands that print one document. */
export const documentOutputFlag = {
  output: Flags.string({char: 'o', summary: 'Output format.', options: ['json', 'yaml'], default: 'json'}),
}

/** `-f/--input-file`: an input object from a JSON or YAML file. */
export function inputFileFlag(summary = 'Input object from a JSON or YAML file; "-" reads stdin.') {
  return {'input-file': Flags.string({char: 'f', summary})}
}

/** A definition version, 1 or more. */
export function versionFlag(summary = 'Version (default: the latest).') {
  return {version: Flags.integer({summary, min: 1})}
}
