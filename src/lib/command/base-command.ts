import {Command, Errors, type Interfaces} from '@oclif/core'
import type {Connection} from '../client/build-client.js'
import type {ConductorClient} from '../client/client.js'
import {resolveConfig, type ResolvedConfig} from '../config/resolve.js'
import {CliError} from '../errors.js'
import {toCliError, failureJson, successJson} from './error-map.js'
import {globalFlags} from './global-flags.js'
import {toCsv, toJson, toJsonl, toTable, toYaml, type Column, type OutputFormat} from '../output/formats.js'
import {redact} from '../output/redact.js'
import {terminalSafe} from '../output/terminal-safe.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/**
 * The one base command: global flags, configuration, the lazily built API client,
 * rendering of returned data, and the mapping of every error to a message and an exit code.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true
  static override baseFlags = globalFlags

  protected flags!: BaseFlags<T>
  protected args!: BaseArgs<T>
  /** Every positional argument, for commands that take many (strict = false). */
  protected positionals: string[] = []
  private clientInstance: ConductorClient | undefined
  private configInstance: ResolvedConfig | undefined
  private secrets: string[] = []
  private warnings: string[] = []
  private warnedInsecure = false

  public override async init(): Promise<void> {
    await super.init()
    const {flags, args, argv} = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = flags as BaseFlags<T>
    this.args = args as BaseArgs<T>
    this.positionals = argv as string[]
  }

  protected async settings(): Promise<ResolvedConfig> {
    if (!this.configInstance) {
      this.configInstance = await resolveConfig(this.flags)
      const c = this.configInstance
      for (const s of [c.authSecret, c.authToken]) if (s?.value) this.secrets.push(s.value)
      if ([c.authSecret, c.authToken].some((s) => s?.source === 'profile')) {
        const {isReadableByOthers} = await import('../fs-atomic.js')
        if (await isReadableByOthers(c.profileFile))
          this.warn(`${c.profileFile} holds secrets and is readable by other users; run: chmod 600 ${c.profileFile}`)
      }
    }
    return this.configInstance
  }

  /** Built on first use, so commands that never call the server pay nothing for it. */
  protected async client(): Promise<ConductorClient> {
    if (this.clientInstance) return this.clientInstance
    const config = await this.settings()
    this.clientInstance = await this.buildClient({
      server: config.server.value,
      authKey: config.authKey?.value,
      authSecret: config.authSecret?.value,
      authToken: config.authToken?.value,
    })
    return this.clientInstance
  }

  /**
   * A client for any connection with this command's transport flags (--timeout, --ca-file,
   * --insecure, --verbose). Commands that talk to a second server own and close what they build.
   */
  protected async buildClient(connection: Connection): Promise<ConductorClient> {
    const {buildClient} = await import('../client/build-client.js')
    for (const s of [connection.authSecret, connection.authToken, connection.authKey]) if (s) this.secrets.push(s)
    const client = await buildClient(connection, {
      timeoutSeconds: this.flags.timeout === undefined ? undefined : this.flags.timeout / 1000,
      caFile: this.flags['ca-file'],
      insecure: this.flags.insecure,
      userAgent: `conductor-cli/${this.config.version}`,
      log: this.flags.verbose ? (line) => this.logToStderr(`[http] ${this.redact(line)}`) : undefined,
    })
    if (this.flags.insecure && !this.warnedInsecure) {
      this.warnedInsecure = true
      // on stderr even under --json: a security warning is not progress
      process.stderr.write(
        'Warning: TLS certificate checks are off (--insecure): anyone on the network path can read and change this traffic.\n',
      )
    }
    return client
  }

  protected redact(text: string): string {
    return redact(text, this.secrets)
  }

  /** Text lines for people: control characters in data escaped (terminal-safe.ts). */
  override log(message = '', ...args: unknown[]): void {
    super.log(terminalSafe(message), ...args)
  }

  override logToStderr(message = '', ...args: unknown[]): void {
    super.logToStderr(terminalSafe(message), ...args)
  }

  /** Progress and notes for people: stderr, and silent under --json. */
  protected note(message: string): void {
    if (!this.jsonEnabled()) this.logToStderr(message)
  }

  /**
   * The address of an execution or definition in the server's UI, for a person at a terminal only
   * (stderr, when stdout and stderr are both terminals; never in pipes or under --json).
   */
  protected async showLink(link: (base: string, ...parts: string[]) => string, ...parts: string[]): Promise<void> {
    if (this.jsonEnabled() || !process.stdout.isTTY || !process.stderr.isTTY) return
    const {uiBase} = await import('../ui/links.js')
    this.logToStderr(`UI: ${link(uiBase((await this.settings()).server.value), ...parts)}`)
  }

  protected showUrl(url: string): void {
    if (!this.jsonEnabled() && process.stdout.isTTY && process.stderr.isTTY) this.logToStderr(`UI: ${url}`)
  }

  /** --json: oclif colours JSON token by token (~25 ms for a thousand definitions), which only a terminal shows. */
  override logJson(json: unknown): void {
    if (process.stdout.isTTY) super.logJson(json)
    else process.stdout.write(toJson(json))
  }

  /** Prints a list in the format chosen with -o (table by default); --json prints the returned value instead. */
  protected async renderList<R>(
    rows: R[],
    columns: Column<R>[],
    format?: OutputFormat,
    options: {exactHeaders?: boolean} = {},
  ): Promise<void> {
    if (this.jsonEnabled()) return
    format ??= ((this.flags as {output?: string}).output ?? 'table') as OutputFormat
    process.stdout.write(await this.formatList(rows, columns, format, options))
  }

  protected async formatList<R>(
    rows: R[],
    columns: Column<R>[],
    format: OutputFormat,
    options: {exactHeaders?: boolean} = {},
  ): Promise<string> {
    switch (format) {
      case 'json':
        return toJson(rows)
      case 'jsonl':
        return toJsonl(rows)
      case 'yaml':
        return toYaml(rows)
      case 'csv':
        return toCsv(rows, columns)
      default:
        return toTable(rows, columns, {tty: Boolean(process.stdout.isTTY), width: process.stdout.columns, ...options})
    }
  }

  protected async renderDocument(doc: unknown, format: 'json' | 'yaml'): Promise<void> {
    if (this.jsonEnabled()) return
    process.stdout.write(format === 'yaml' ? await toYaml(doc) : toJson(doc))
  }

  /**
   * Asks before a destructive step. With --yes it proceeds; on a terminal it asks; elsewhere it
   * refuses with a usage error naming --yes, so a script never deletes by accident.
   */
  protected async confirmOrYes(question: string): Promise<void> {
    if ((this.flags as {yes?: boolean}).yes) return
    const {canPrompt} = await import('../output/streams.js')
    const what = `${this.id?.replaceAll(':', ' ') ?? 'this command'}`
    if (!canPrompt())
      throw new CliError(
        'usage',
        `${what} needs --yes when it cannot ask for confirmation (no terminal, or CI is set)`,
        {
          hint: `Add --yes (-y) to ${what} without a prompt.`,
        },
      )
    const {confirm} = await import('@inquirer/prompts')
    const ok = await confirm({message: question, default: false}).catch((error: unknown) => {
      if ((error as Error).name === 'ExitPromptError') return false
      throw error
    })
    if (!ok) throw new CliError('declined', `${what} cancelled; nothing was changed`)
  }

  /** Warnings: one `Warning: …` line on stderr for people; under --json, the `warnings` field instead. */
  override warn(input: string | Error): string | Error {
    const message = this.redact(typeof input === 'string' ? input : input.message)
    this.warnings.push(message)
    if (!this.jsonEnabled()) this.logToStderr(`Warning: ${message}`)
    return input
  }

  /** The one success shape under --json: the result; an object result carries `warnings` when there were any. */
  protected override toSuccessJson(result: unknown): unknown {
    // a list has no place for them: they stay on stderr rather than vanish
    if (Array.isArray(result)) for (const w of this.warnings) process.stderr.write(terminalSafe(`Warning: ${w}`) + '\n')
    return successJson(result, this.warnings, this.secrets)
  }

  /**
   * The one way a command ends other than success: it throws (a CliError, or anything, which is then
   * a bug). Text: `Error: …` and `Hint: …` on stderr unless the command already reported (quiet).
   * --json: one document on stdout, the error beside what the command got done (see failureJson).
   */
  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    if (err instanceof Errors.ExitError) throw err
    // the reader of our output went away (`| head`): nothing more to say, to anyone
    if ((err as {code?: string}).code === 'EPIPE')
      throw Object.assign(new Errors.ExitError(0), {skipOclifErrorHandling: true})
    const error = toCliError(err)
    if (this.jsonEnabled?.() || process.argv.includes('--json')) {
      process.stdout.write(toJson(failureJson(error, this.warnings, this.secrets)))
    } else if (!error.quiet) {
      this.logToStderr(this.redact(`Error: ${error.message}`))
      if (error.hint) this.logToStderr(this.redact(`Hint: ${error.hint}`))
      if (error.kind === 'bug' && process.env.DEBUG && error.cause instanceof Error)
        this.logToStderr(error.cause.stack ?? '')
    }
    throw Object.assign(new Errors.ExitError(error.exitCode), {skipOclifErrorHandling: true})
  }

  protected override async finally(err: Error | undefined): Promise<unknown> {
    await this.clientInstance?.close().catch(() => {})
    return super.finally(err)
  }
}
