import {terminalSafe} from './terminal-safe.js'

/** Spinners, prompts and colour only where a person is watching. */
export function stderrIsInteractive(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI
}

export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI
}

export interface Spinner {
  update(text: string): void
  /** A line on stderr that is not progress (a warning), printed even when the spinner is quiet. */
  note?(text: string): void
  succeed(text: string): void
  fail(text: string): void
  stop(): void
}

const writeNote = (t: string) => void process.stderr.write(terminalSafe(t) + '\n')
const silent: Spinner = {update() {}, note: writeNote, succeed() {}, fail() {}, stop() {}}

/** An ora spinner on an interactive stderr; otherwise plain progress lines (or nothing). */
export async function startSpinner(text: string, options: {quiet?: boolean} = {}): Promise<Spinner> {
  if (options.quiet) return silent
  if (!stderrIsInteractive()) {
    return {
      update() {},
      note: writeNote,
      succeed: (t) => process.stderr.write(terminalSafe(t) + '\n'),
      fail: (t) => process.stderr.write(terminalSafe(t) + '\n'),
      stop() {},
    }
  }
  const {default: ora} = await import('ora')
  const spinner = ora({text, stream: process.stderr}).start()
  return {
    update: (t) => {
      spinner.text = terminalSafe(t)
    },
    note: (t) => {
      spinner.clear()
      writeNote(t)
      spinner.render()
    },
    succeed: (t) => spinner.succeed(terminalSafe(t)),
    fail: (t) => spinner.fail(terminalSafe(t)),
    stop: () => spinner.stop(),
  }
}
