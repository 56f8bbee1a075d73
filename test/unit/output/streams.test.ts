import {afterEach, describe, expect, it, vi} from 'vitest'
import {canPrompt, startSpinner, stderrIsInteractive} from '../../../src/lib/output/streams.js'

/** Progress where nobody watches: plain lines on stderr (terminal-safe), or nothing when quiet. */
describe('spinners off a terminal', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllEnvs()
  })
  const capture = () => {
    let stderr = ''
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += chunk.toString()
      return true
    })
    return () => stderr
  }

  it('CI is never interactive and never prompts', () => {
    vi.stubEnv('CI', '1')
    expect(stderrIsInteractive()).toBe(false)
    expect(canPrompt()).toBe(false)
  })

  it('prints the outcome lines, not the progress, with control characters made safe', async () => {
    vi.stubEnv('CI', '1')
    const stderr = capture()
    const spinner = await startSpinner('working')
    spinner.update('half way')
    spinner.note?.('a note')
    spinner.succeed('done \u001b]0;title\u0007')
    spinner.fail('failed')
    spinner.stop()
    expect(stderr()).not.toContain('half way')
    expect(stderr()).toContain('a note\n')
    expect(stderr()).toContain('failed\n')
    expect(stderr()).toContain('done \\x1b]0;title\\x07\n')
  })

  it('quiet: nothing but notes', async () => {
    const stderr = capture()
    const spinner = await startSpinner('working', {quiet: true})
    spinner.update('x')
    spinner.succeed('done')
    spinner.fail('failed')
    spinner.note?.('warning line')
    spinner.stop()
    expect(stderr()).toBe('warning line\n')
  })
})
