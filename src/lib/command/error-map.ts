import {CliError, EXIT_CODES} from '../errors.js'
import {redactDeep} from '../output/redact.js'

/** Anything thrown → a CliError with an exit code from the one table. Unknown errors are bugs (exit 1). */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error
  const e = error as Error & {oclif?: {exit?: number}; code?: string}
  // oclif's own parse errors (unknown flag, missing argument, bad option value)
  if (
    e?.oclif?.exit === 2 ||
    /^(Unexpected argument|Nonexistent flag|Missing \d+ required arg|Expected --|Expected a|Parsing --)/.test(
      e?.message ?? '',
    )
  )
    return new CliError('usage', oneLine(e.message ?? String(error)), {hint: 'See `--help` for the usage.'})
  if (e?.code === 'EPIPE') return new CliError('failure', 'Output closed early (broken pipe)')
  const message = e instanceof Error ? e.message : String(error)
  return new CliError('failure', `Unexpected error: ${message}`, {
    hint: 'This is a bug in conductor; run again with DEBUG=1 for the stack trace and report it.',
    cause: error,
  })
}

/** The error as JSON, with every secret redacted (the server's message may echo a token or a key secret). */
export function errorJson(error: CliError, secrets: string[] = []): Record<string, unknown> {
  return redactDeep(
    {
      error: {
        kind: error.kind,
        exitCode: EXIT_CODES[error.kind],
        message: error.message,
        ...(error.hint ? {hint: error.hint} : {}),
        ...(error.details ? {details: error.details} : {}),
      },
    },
    secrets,
  )
}

/** oclif's multi-line parse messages ("Missing 1 required arg:\nname  Workflow name.\nSee more help…") as one line. */
function oneLine(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('See more help'))
  return lines
    .join(' ')
    .replace(/:\s+/, ': ')
    .replace(/\s{2,}/g, ' ')
}
