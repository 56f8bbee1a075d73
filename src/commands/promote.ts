import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../lib/command/base-command.js'
import type {Connection} from '../lib/client/build-client.js'
import type {ConductorClient} from '../lib/client/client.js'
import {CliError} from '../lib/errors.js'
import type {Endpoint, PlanItem, PromotionPlan} from '../lib/definitions/promote.js'
import type {ExportKind} from '../lib/definitions/export.js'

type Side = 'from' | 'to'

export default class Promote extends BaseCommand<typeof Promote> {
  static override summary =
    'Copy workflow and task definitions, schedules and event handlers from one server to another: plan, confirm, apply.'
  static override description = `Compares the source's definitions (the latest version of each workflow unless --all-versions; NAMES and --kind filter) with the target's, both normalised, and plans: only in the source → create, different → update, equal → unchanged. Definitions only on the target are listed and left alone. After confirmation (or --yes) the target is read again: if any planned definition changed there since the plan, nothing is written (exit 5). Then task definitions, sub-workflows, parents, event handlers and schedules are registered in that order. A schedule the target does not have yet arrives paused (so a promotion never starts workflows there by surprise; \`conductor schedule resume NAME\` on the target starts it), unless --keep-schedules-active; one the target has keeps the target's paused state.

Each side is a profile (--from/--to: its server and auth) or a URL (--from-server/--to-server, no auth unless a profile is given too). \`--dry-run --json > plan.json\` saves the plan with the documents it would write; \`--plan plan.json --yes\` applies exactly that plan later, and refuses if the target moved in between.`
  static override examples = [
    '<%= config.bin %> promote --from staging --to prod',
    '<%= config.bin %> promote --from staging --to prod "order*" --dry-run',
    '<%= config.bin %> promote --from-server http://localhost:8080 --to-server http://qa:8080 --yes --json',
    '<%= config.bin %> promote --from staging --to prod --dry-run --json > plan.json && <%= config.bin %> promote --plan plan.json --yes',
  ]
  static override strict = false
  static override args = {names: Args.string({description: 'Names to promote (* and ? wildcards); default all.'})}
  static override flags = {
    from: Flags.string({summary: 'Source profile (its server and auth).'}),
    to: Flags.string({summary: 'Target profile (its server and auth).'}),
    'from-server': Flags.string({summary: 'Source server URL (overrides the profile server).'}),
    'to-server': Flags.string({summary: 'Target server URL (overrides the profile server).'}),
    kind: Flags.string({
      summary: 'Only one kind of definition.',
      options: ['workflow', 'task', 'schedule', 'event-handler'],
    }),
    'keep-schedules-active': Flags.boolean({
      summary: 'Create new schedules on the target as they are on the source (default: paused).',
    }),
    'all-versions': Flags.boolean({summary: 'Every version of each workflow, not only the latest.'}),
    'dry-run': Flags.boolean({summary: 'Show the plan and change nothing (with --json: a plan file for --plan).'}),
    plan: Flags.string({
      summary: 'Apply a plan saved with --dry-run --json (the target is checked for changes first).',
      exclusive: ['from', 'from-server', 'kind', 'all-versions', 'dry-run', 'keep-schedules-active'],
    }),
  }

  async run(): Promise<PromotionPlan> {
    if (this.flags.server || this.flags.profile)
      throw new CliError(
        'usage',
        'promote takes --from/--to (profiles) or --from-server/--to-server, not --server/--profile',
      )
    const clients: ConductorClient[] = []
    try {
      const {plan, target} = this.flags.plan
        ? await this.savedPlan(this.flags.plan, clients)
        : await this.makePlan(clients)
      const changes = plan.items.filter((i) => i.action !== 'unchanged')
      if (this.flags['dry-run'] || changes.length === 0) {
        await this.renderPlan(plan, false)
        if (changes.length === 0) this.note(`Nothing to promote to ${plan.target.server}`)
        return plan
      }
      if (!this.jsonEnabled()) this.logToStderr(await this.planText(plan))
      await this.confirmOrYes(`Promote ${changes.length} definition(s) to ${plan.target.server}?`)
      const {applyPromotion} = await import('../lib/definitions/promote.js')
      const {startSpinner} = await import('../lib/output/streams.js')
      const spinner = await startSpinner('Checking the target', {quiet: this.jsonEnabled()})
      let applied: PromotionPlan
      try {
        applied = await applyPromotion(target, plan, {
          onProgress: (done, total) => spinner.update(`Promoting ${done}/${total}`),
        })
      } finally {
        spinner.stop()
      }
      await this.renderPlan(applied, true)
      const failed = applied.items.filter((i) => i.result === 'failed' || i.result === 'unknown').length
      if (applied.items.some((i) => i.result === 'unknown'))
        this.note(
          'Items marked unknown may have been applied (the request was cut off); promoting again compares with the target and sends only what is still missing or different.',
        )
      if (failed > 0)
        throw new CliError('partial', `${failed} definition(s) not confirmed promoted`, {result: applied, quiet: true})
      return applied
    } finally {
      await Promise.all(clients.map((c) => c.close().catch(() => {})))
    }
  }

  private async makePlan(clients: ConductorClient[]): Promise<{plan: PromotionPlan; target: ConductorClient}> {
    const source = await this.side('from')
    const target = await this.side('to')
    if (source.endpoint.server === target.endpoint.server)
      throw new CliError('usage', `The source and the target are the same server (${source.endpoint.server})`)
    const [{fetchDefinitions}, {planPromotion}, {wildcard}] = await Promise.all([
      import('../lib/definitions/export.js'),
      import('../lib/definitions/promote.js'),
      import('../lib/text.js'),
    ])
    const sourceClient = await this.buildClient(source.connection)
    clients.push(sourceClient)
    const targetClient = await this.buildClient(target.connection)
    clients.push(targetClient)
    const kinds = new Set<ExportKind>(
      this.flags.kind ? [this.flags.kind as ExportKind] : ['workflow', 'task', 'schedule', 'event-handler'],
    )
    const patterns = this.positionals.map((p) => wildcard(p))
    const filters = {
      kinds,
      allVersions: this.flags['all-versions'],
      name: patterns.length > 0 ? {test: (n: string) => patterns.some((p) => p.test(n))} : undefined,
    }
    const [sourceDefs, targetDefs] = await Promise.all([
      fetchDefinitions(sourceClient, kinds),
      fetchDefinitions(targetClient, kinds),
    ])
    const plan = await planPromotion(source.endpoint, target.endpoint, sourceDefs, targetDefs, filters, {
      keepSchedulesActive: this.flags['keep-schedules-active'],
    })
    return {plan, target: targetClient}
  }

  private async savedPlan(
    file: string,
    clients: ConductorClient[],
  ): Promise<{plan: PromotionPlan; target: ConductorClient}> {
    if (this.positionals.length > 0)
      throw new CliError('usage', 'With --plan, the names come from the plan; give no NAMES')
    const [{readFile}, {parsePlan}] = await Promise.all([
      import('node:fs/promises'),
      import('../lib/definitions/promote.js'),
    ])
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      throw new CliError(
        'usage',
        `Cannot read the plan ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      )
    }
    const plan = parsePlan(text, file)
    const explicit = this.flags.to || this.flags['to-server']
    const target = explicit
      ? await this.side('to')
      : await this.connectionFor(plan.target.profile, plan.target.server, 'the plan')
    if (target.endpoint.server !== plan.target.server)
      throw new CliError('usage', `The plan was made for ${plan.target.server}, not ${target.endpoint.server}`, {
        hint: 'Make a new plan for this target, or drop --to/--to-server.',
      })
    const client = await this.buildClient(target.connection)
    clients.push(client)
    return {plan, target: client}
  }

  private async side(which: Side): Promise<{endpoint: Endpoint; connection: Connection}> {
    const profile = this.flags[which]
    const url = this.flags[`${which}-server`]
    if (!profile && !url)
      throw new CliError(
        'usage',
        `Name the ${which === 'from' ? 'source' : 'target'}: --${which} PROFILE or --${which}-server URL`,
      )
    return this.connectionFor(profile, url, `--${which}`)
  }

  /** Server and auth of one side: the profile's file (the environment is not used), a URL overriding its server. */
  private async connectionFor(
    profile: string | undefined,
    url: string | undefined,
    origin: string,
  ): Promise<{endpoint: Endpoint; connection: Connection}> {
    const [{readProfile, profilePath}, {serverRoot}] = await Promise.all([
      import('../lib/config/profiles.js'),
      import('../lib/config/server-url.js'),
    ])
    const data = profile ? await readProfile(profile) : undefined
    if (profile && !data)
      throw new CliError(
        'usage',
        `Profile "${profile}" (${origin}) does not exist (expected file: ${profilePath(profile)})`,
        {
          hint: `Create it with \`conductor config save --profile ${profile}\`, or give a URL with --from-server/--to-server.`,
        },
      )
    const text = (key: string) =>
      typeof data?.[key] === 'string' && (data[key] as string).trim() !== '' ? (data[key] as string).trim() : undefined
    const server = url ?? text('server')
    if (!server)
      throw new CliError('usage', `Profile "${profile}" (${origin}) has no server`, {
        hint: 'Add `server:` to the profile, or give a URL with --from-server/--to-server.',
      })
    return {
      endpoint: {server: serverRoot(server), ...(profile ? {profile} : {})},
      connection: {server, authKey: text('auth-key'), authSecret: text('auth-secret'), authToken: text('auth-token')},
    }
  }

  /** Humans see what changes (or changed); --json gets every item. */
  private async renderPlan(plan: PromotionPlan, applied: boolean): Promise<void> {
    const action = (i: PlanItem) => (applied ? (i.result ?? i.action) : i.action)
    const shown = plan.items.filter((i) => action(i) !== 'unchanged')
    if (shown.length > 0)
      await this.renderList(
        shown,
        [
          {header: 'Kind', get: (i) => i.kind},
          {header: 'Name', get: (i) => i.name},
          {header: 'Version', get: (i) => i.version ?? ''},
          {header: 'Action', get: action},
          {
            header: 'Changed',
            get: (i) =>
              i.changedPaths.slice(0, 3).join(' ') +
              (i.changedPaths.length > 3 ? ` (+${i.changedPaths.length - 3})` : ''),
          },
          {header: 'Error', get: (i) => i.error ?? ''},
        ],
        'table',
      )
    const counts = new Map<string, number>()
    for (const i of plan.items) counts.set(action(i), (counts.get(action(i)) ?? 0) + 1)
    const words: Record<string, string> = {create: 'to create', update: 'to update'}
    const order = ['create', 'created', 'update', 'updated', 'unchanged', 'failed', 'unknown']
    const parts = [...counts]
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([a, n]) => `${n} ${words[a] ?? a}`)
    this.note(`${plan.source.server} → ${plan.target.server}: ${parts.join(', ') || 'nothing selected'}`)
    if (plan.targetOnly.length > 0) {
      const {label} = await import('../lib/definitions/promote.js')
      this.note(`Only on the target (left alone): ${plan.targetOnly.map(label).join(', ')}`)
    }
  }

  private async planText(plan: PromotionPlan): Promise<string> {
    const lines = [`Plan: ${plan.source.server} → ${plan.target.server}`]
    for (const i of plan.items) {
      if (i.action === 'unchanged') continue
      lines.push(
        `  ${i.action.padEnd(7)} ${i.kind} ${i.name}${i.version === undefined ? '' : ` v${i.version}`}${i.changedPaths.length > 0 ? `  (${i.changedPaths.join(', ')})` : ''}`,
      )
    }
    lines.push(
      `  ${plan.summary.unchanged} unchanged${plan.targetOnly.length > 0 ? `, ${plan.targetOnly.length} only on the target (left alone)` : ''}`,
    )
    return lines.join('\n')
  }
}
