/**
 * How a command can end: each kind has one exit code and one line of documentation. The README's
 * "Exit codes" table is this table (test/unit/command/exit-codes.test.ts compares them).
 */
export const EXIT_CODES = {
  ok: 0,
  differences: 1,
  usage: 2,
  invalid: 3,
  notFound: 4,
  conflict: 5,
  server: 6,
  network: 7,
  auth: 8,
  partial: 9,
  workflowFailed: 10,
  workflowTerminated: 11,
  workflowTimedOut: 12,
  stillRunning: 13,
  declined: 14,
  bug: 70,
  unknownCommand: 127,
  interrupted: 130,
} as const

export type ExitKind = keyof typeof EXIT_CODES
export type ErrorKind = Exclude<ExitKind, 'ok'>

/** What each exit code means, in the README's words. */
export const EXIT_CODE_DOCS: Record<ExitKind, string> = {
  ok: 'Success',
  differences: 'Differences found: `workflow diff`, `task diff` and `plan` found something to change',
  usage:
    'Usage error: unknown flag or command word, missing argument, bad flag value, a prompt needed without a terminal (`--yes`)',
  invalid: 'Invalid input: a definition, file or value that fails validation, or a jar that fails its checksum',
  notFound: 'Not found: the workflow, definition, execution, profile or version does not exist',
  conflict: 'Conflict: the server refused because of the current state (HTTP 409), or a port is taken',
  server: 'Server error: HTTP 5xx, or a local server that did not start or is not healthy',
  network: 'Network error: connection refused, DNS, TLS, timeout',
  auth: 'Authentication or authorisation failed (HTTP 401/403, token exchange refused)',
  partial: 'Partial failure: some items of a multi-item operation failed (each is reported; re-running converges)',
  workflowFailed: '`run --wait`, `execution watch`, `workflow test`: the workflow ended FAILED',
  workflowTerminated: '... ended TERMINATED',
  workflowTimedOut: '... ended TIMED_OUT',
  stillRunning: '... still running (or paused) at the deadline',
  declined: 'Declined: a confirmation prompt was answered no; nothing was changed',
  bug: 'Internal error: a bug in conductor (`DEBUG=1` shows the stack trace)',
  unknownCommand: 'Unknown command (with a "did you mean" suggestion)',
  interrupted: 'Interrupted (Ctrl-C)',
}

export interface CliErrorOptions {
  hint?: string | undefined
  cause?: unknown
  details?: Record<string, unknown> | undefined
  /** What the command got done before it ended this way; --json prints it beside the error. */
  result?: unknown
  /** The command already told people how it ended (a report, a status line): print no `Error:` line. */
  quiet?: boolean
}

/** An expected ending: printed as one line (plus a hint), never with a stack trace. */
export class CliError extends Error {
  readonly kind: ErrorKind
  readonly hint: string | undefined
  readonly details: Record<string, unknown> | undefined
  readonly result: unknown
  readonly quiet: boolean

  constructor(kind: ErrorKind, message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'CliError'
    this.kind = kind
    this.hint = options.hint
    this.details = options.details
    this.result = options.result
    this.quiet = options.quiet ?? false
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind]
  }
}

export const usageError = (message: string, hint?: string): CliError => new CliError('usage', message, {hint})
export const invalidError = (message: string, hint?: string): CliError => new CliError('invalid', message, {hint})
