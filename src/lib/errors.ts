/**
 * Every failure the user can cause or meet has a kind; each kind has one exit code.
 * The table is documented in the README ("Exit codes") and must stay in step with it.
 */
export const EXIT_CODES = {
  ok: 0,
  failure: 1,
  usage: 2,
  invalid: 3,
  notFound: 4,
  conflict: 5,
  server: 6,
  network: 7,
  auth: 8,
  interrupted: 130,
} as const

export type ErrorKind = Exclude<keyof typeof EXIT_CODES, 'ok' | 'interrupted'>

export interface CliErrorOptions {
  hint?: string | undefined
  cause?: unknown
  details?: Record<string, unknown> | undefined
}

/** An expected error: printed as one line (plus a hint), never with a stack trace. */
export class CliError extends Error {
  readonly kind: ErrorKind
  readonly hint: string | undefined
  readonly details: Record<string, unknown> | undefined

  constructor(kind: ErrorKind, message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'CliError'
    this.kind = kind
    this.hint = options.hint
    this.details = options.details
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind]
  }
}

export const usageError = (message: string, hint?: string): CliError => new CliError('usage', message, {hint})
export const invalidError = (message: string, hint?: string): CliError => new CliError('invalid', message, {hint})
