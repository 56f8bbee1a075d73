import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../lib/command/base-command.js'
import type {ConductorClient} from '../lib/client/client.js'
import {CliError} from '../lib/errors.js'
import type {ExportKind} from '../lib/definitions/export.js'
import type {PromoteAsk} from '../lib/definitions/promote-prepare.js'
import type {PromotionPlan} from '../lib/definitions/promote.js'

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
    const [prepare, render] = await Promise.all([
      import('../lib/definitions/promote-prepare.js'),
      import('../lib/definitions/promote-render.js'),
    ])
    const clients: ConductorClient[] = []
    const connect: Parameters<typeof prepare.preparePromotion>[1] = async (connection) => {
      const client = await this.buildClient(connection)
      clients.push(client)
      return client
    }
    try {
      const {plan, target} = this.flags.plan
        ? await prepare.loadSavedPlan(this.flags.plan, this.ask(), connect)
        : await prepare.preparePromotion(this.ask(), connect)
      const changes = plan.items.filter((i) => i.action !== 'unchanged')
      if (this.flags['dry-run'] || changes.length === 0) {
        await this.renderPlan(plan, false)
        if (changes.length === 0) this.note(`Nothing to promote to ${plan.target.server}`)
        return plan
      }
      if (!this.jsonEnabled()) this.logToStderr(render.planText(plan))
      await this.confirmOrYes(`Promote ${changes.length} definition(s) to ${plan.target.server}?`)
      const [{applyPromotion}, {startSpinner}] = await Promise.all([
        import('../lib/definitions/promote.js'),
        import('../lib/output/streams.js'),
      ])
      const spinner = await startSpinner('Checking the target', {quiet: this.jsonEnabled()})
      const applied = await applyPromotion(target, plan, {
        onProgress: (done, total) => spinner.update(`Promoting ${done}/${total}`),
      }).finally(() => spinner.stop())
      await this.renderPlan(applied, true)
      const {failed, unknown} = render.unconfirmed(applied)
      if (unknown)
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

  private ask(): PromoteAsk {
    const f = this.flags
    return {
      from: f.from,
      to: f.to,
      fromServer: f['from-server'],
      toServer: f['to-server'],
      kind: f.kind as ExportKind | undefined,
      allVersions: f['all-versions'],
      keepSchedulesActive: f['keep-schedules-active'],
      names: this.positionals,
    }
  }

  /** Humans see what changes (or changed); --json gets every item. */
  private async renderPlan(plan: PromotionPlan, applied: boolean): Promise<void> {
    const {planRows, planNotes} = await import('../lib/definitions/promote-render.js')
    const {rows, columns} = planRows(plan, applied)
    if (rows.length > 0) await this.renderList(rows, columns, 'table')
    for (const line of planNotes(plan, applied)) this.note(line)
  }
}
