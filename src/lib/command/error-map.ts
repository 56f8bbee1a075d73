import {CliError, EXIT_CODES} from '../errors.js'
import {redactDeep} from '../output/redact.js'
import {knownSecrets} from '../secrets.js'

/** Anything thrown → a CliError with an exit code from the one table. Unknown errors are bugs (exit 70). */
export function toCliError(error: unknown): CliError {
  const e = error as Error & {oclif?: {exit?: number}; code?: string}
  // oclif rewrites the message of an error thrown by a flag's parse(): "Parsing --f \n\t<ours>\nSee more help…"
  const wrapped = /^Parsing --\S+\s*\n\t([^\n]*)/.exec(e?.message ?? '')
  if (wrapped) {
    const hint = error instanceof CliError ? error.hint : 'See `--help` for the usage.'
    return new CliError('usage', wrapped[1] as string, {hint})
  }
  if (error instanceof CliError) return error
  // oclif's own parse errors (unknown flag, missing argument, bad option value)
  if (
    e?.oclif?.exit === 2 ||
    /^(Unexpected argument|Nonexistent flag|Missing \d+ required arg|Expected --|Expected a|Parsing --)/.test(
      e?.message ?? '',
    )
  )
    return new CliError('usage', oneLine(e.message ?? String(error)), {hint: 'See `--help` for the usage.'})
  const message = e instanceof Error ? e.message : String(error)
  return new CliError('bug', `Unexpected error: ${message}`, {
    hint: 'This is a bug in conductor; run again with DEBUG=1 for the stack trace and report it.',
    cause: error,
  })
}

/** The `error` member of every failure under --json. */
export function errorJson(error: CliError): Record<string, unknown> {
  return {
    error: {
      kind: error.kind,
      exitCode: EXIT_CODES[error.kind],
      message: error.message,
      ...(error.hint ? {hint: error.hint} : {}),
      ...(error.details ? {details: error.details} : {}),
    },
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Success under --json: the result itself (secrets redacted); an object result gains `warnings` when there were any. */
export function successJson(result: unknown, warnings: readonly string[], secrets: string[] = []): unknown {
  const value = warnings.length === 0 || !isRecord(result) ? result : {...result, warnings: [...warnings]}
  // a result can carry what a server echoed; walk it only when there is a secret to look for
  return secrets.length > 0 || knownSecrets().length > 0 ? redactDeep(value, secrets) : value
}

/**
 * Failure under --json: an object with `error`. What the command got done sits beside it: an object
 * result's fields at the top (so a report has one shape whether it passed or not), a list under
 * `result`. Every string in it passes through `redact` (secrets a server echoed in a message).
 */
export function failureJson(
  error: CliError,
  warnings: readonly string[],
  secrets: string[] = [],
): Record<string, unknown> {
  const done = error.result === undefined ? {} : isRecord(error.result) ? error.result : {result: error.result}
  return redactDeep({...done, ...(warnings.length > 0 ? {warnings: [...warnings]} : {}), ...errorJson(error)}, secrets)
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
