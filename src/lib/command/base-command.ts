import {Command, Errors, type Interfaces} from '@oclif/core'
import type {ConductorClient} from '../client/client.js'
import {resolveConfig, type ResolvedConfig} from '../config/resolve.js'
import {CliError} from '../errors.js'
import {toCliError, errorJson} from './error-map.js'
import {globalFlags} from './global-flags.js'
import {toCsv, toJson, toJsonl, toTable, toYaml, type Column, type OutputFormat} from '../output/formats.js'
import {redact} from '../output/redact.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
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
      for (const s of [this.configInstance.authSecret, this.configInstance.authToken, this.configInstance.authKey])
        if (s?.value) this.secrets.push(s.value)
    }
    return this.configInstance
  }

  /** Built on first use, so commands that never call the server pay nothing for it. */
  protected async client(): Promise<ConductorClient> {
    if (this.clientInstance) return this.clientInstance
    const config = await this.settings()
    const [{ConductorClient}, {serverRoot}, {TokenCache}, {configHome}, {join}, {readFile}] = await Promise.all([
      import('../client/client.js'),
      import('../config/server-url.js'),
      import('../client/token-cache.js'),
      import('../paths.js'),
      import('node:path'),
      import('node:fs/promises'),
    ])
    const root = serverRoot(config.server.value)
    let ca: string | undefined
    if (this.flags['ca-file']) {
      try {
        ca = await readFile(this.flags['ca-file'], 'utf8')
      } catch (error) {
        throw new CliError('usage', `Cannot read --ca-file ${this.flags['ca-file']}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
      }
    }
    if (this.flags.insecure) this.warn('TLS certificate checks are off (--insecure): anyone on the network path can read and change this traffic.')
    const auth = config.authToken
      ? ({mode: 'token', token: config.authToken.value} as const)
      : config.authKey && config.authSecret
        ? ({mode: 'key', keyId: config.authKey.value, keySecret: config.authSecret.value, cache: new TokenCache(join(configHome(), 'tokens'))} as const)
        : ({mode: 'none'} as const)
    if (!config.authToken && (config.authKey ? !config.authSecret : config.authSecret))
      throw new CliError('usage', 'Both an auth key and an auth secret are needed (only one is set)', {
        hint: 'Set CONDUCTOR_AUTH_KEY and CONDUCTOR_AUTH_SECRET (or --auth-key/--auth-secret), or use CONDUCTOR_AUTH_TOKEN.',
      })
    this.clientInstance = new ConductorClient({
      root,
      timeoutMs: (this.flags.timeout ?? 30) * 1000,
      auth,
      userAgent: `conductor-cli/${this.config.version}`,
      log: this.flags.verbose ? (line) => this.logToStderr(`[http] ${this.redact(line)}`) : undefined,
      tls: {ca, rejectUnauthorized: !this.flags.insecure},
    })
    return this.clientInstance
  }

  protected redact(text: string): string {
    return redact(text, this.secrets)
  }

  /** Progress and notes for people: stderr, and silent under --json. */
  protected note(message: string): void {
    if (!this.jsonEnabled()) this.logToStderr(message)
  }

  /** Prints a list in the format chosen with -o (table by default); --json prints the returned value instead. */
  protected async renderList<R>(rows: R[], columns: Column<R>[], format?: OutputFormat): Promise<void> {
    if (this.jsonEnabled()) return
    format ??= ((this.flags as {output?: string}).output ?? 'table') as OutputFormat
    process.stdout.write(await this.formatList(rows, columns, format))
  }

  protected async formatList<R>(rows: R[], columns: Column<R>[], format: OutputFormat): Promise<string> {
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
        return toTable(rows, columns, {tty: Boolean(process.stdout.isTTY), width: process.stdout.columns})
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
      throw new CliError('usage', `${what} needs --yes when it cannot ask for confirmation (no terminal, or CI is set)`, {
        hint: `Add --yes (-y) to ${what} without a prompt.`,
      })
    const {confirm} = await import('@inquirer/prompts')
    const ok = await confirm({message: question, default: false}).catch((error: unknown) => {
      if ((error as Error).name === 'ExitPromptError') return false
      throw error
    })
    if (!ok) throw new CliError('failure', `${what} cancelled; nothing was changed`)
  }

  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    if (err instanceof Errors.ExitError) throw err
    const error = toCliError(err)
    if ((err as {silent?: boolean}).silent) {
      // the command already printed its result; only the exit code is left to set
    } else if (this.jsonEnabled?.() || process.argv.includes('--json')) {
      process.stdout.write(toJson(errorJson(error)))
    } else {
      this.logToStderr(this.redact(`Error: ${error.message}`))
      if (error.hint) this.logToStderr(this.redact(`Hint: ${error.hint}`))
      if (error.kind === 'failure' && process.env.DEBUG && error.cause instanceof Error) this.logToStderr(error.cause.stack ?? '')
    }
    throw Object.assign(new Errors.ExitError(error.exitCode), {skipOclifErrorHandling: true})
  }

  protected override async finally(err: Error | undefined): Promise<unknown> {
    await this.clientInstance?.close().catch(() => {})
    return super.finally(err)
  }
}

