import {Parser} from '@oclif/core'
import {describe, expect, it} from 'vitest'
import {
  defaultedDurationFlag,
  durationFlag,
  keyValueFlag,
  parseKeyValue,
  versionFlag,
} from '../../../src/lib/command/flags.js'
import {CliError} from '../../../src/lib/errors.js'

/** The shared flags, parsed by oclif's own parser as a command would. */
describe('flags module', () => {
  const flags = {
    wait: durationFlag({summary: 'wait'}),
    for: defaultedDurationFlag({summary: 'for', default: '10m'}),
    input: keyValueFlag({summary: 'input', char: 'i'}),
    ...versionFlag(),
  }
  const parse = (argv: string[]) => Parser.parse(argv, {flags})

  it('reads durations as milliseconds, plain numbers as seconds, and fills the default', async () => {
    const {flags: parsed} = await parse(['--wait', '1m30s'])
    expect(parsed.wait).toBe(90_000)
    expect(parsed.for).toBe(600_000)
    expect((await parse(['--wait', '45'])).flags.wait).toBe(45_000)
  })

  it('refuses a bad duration as a usage error naming the flag', async () => {
    const error = await parse(['--wait', 'soon']).catch((e: unknown) => e)
    expect(String((error as Error).message)).toContain('--wait')
  })

  it('collects repeated KEY=VALUE pairs, keeping "=" inside the value', async () => {
    const {flags: parsed} = await parse(['-i', 'a=1', '--input', 'b.c=x=y'])
    expect(parsed.input).toEqual([
      {key: 'a', value: '1'},
      {key: 'b.c', value: 'x=y'},
    ])
  })

  it('parseKeyValue refuses text without a key', () => {
    for (const text of ['novalue', '=1']) {
      let thrown: unknown
      try {
        parseKeyValue(text, '--input')
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(CliError)
      expect((thrown as CliError).kind).toBe('usage')
      expect((thrown as CliError).message).toContain('expected KEY=VALUE')
    }
  })

  it('a version is 1 or more', async () => {
    expect((await parse(['--version', '3'])).flags.version).toBe(3)
    await expect(parse(['--version', '0'])).rejects.toThrow()
  })
})
