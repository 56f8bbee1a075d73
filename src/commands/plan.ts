import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../lib/command/base-command.js'
import {CliError} from '../lib/errors.js'
import type {ApplyPlan} from '../lib/definitions/plan.js'

export default class Plan extends BaseCommand<typeof Plan> {
  static override summary = 'Show what `apply` would change on the server: every kind of definition in the files.'
  static override description = `Reads workflow definitions, task definitions, schedules and event handlers from the same files and folders (JSON or YAML, several documents per file; each recognised by its fields), validates them offline, and compares each with the server's copy, both normalised. Lists per object: create, update (with the JSON paths that differ), and with --prune delete (server objects of the kinds the files hold that no file holds any more; --match limits them by name). Exit codes: 0 nothing to do, 1 changes, others for errors. --out FILE saves the plan for \`conductor apply --plan FILE\`, which applies it only if the server has not changed since.`
  static override examples = [
    '<%= config.bin %> plan ./defs',
    '<%= config.bin %> plan ./defs --prune --match "orders_*"',
    '<%= config.bin %> plan ./defs --out plan.json && <%= config.bin %> apply --plan plan.json --yes',
  ]
  static override strict = false
  static override args = {paths: Args.string({description: 'Files, folders, globs, or - for stdin.', required: true})}
  static override flags = {
    prune: Flags.boolean({summary: 'Also list server objects of the managed kinds that the files no longer hold.'}),
    match: Flags.string({summary: 'With --prune: only names matching this pattern (* and ? wildcards).'}),
    out: Flags.string({summary: 'Write the plan (with the documents it would send) to this file.'}),
  }

  async run(): Promise<ApplyPlan> {
    const plan = await this.makePlan(true)
    const {changesOf} = await import('../lib/definitions/plan.js')
    if (this.flags.out) {
      const {writeFileAtomic} = await import('../lib/fs-atomic.js')
      await writeFileAtomic(this.flags.out, JSON.stringify(plan, null, 2) + '\n')
    }
    const changes = changesOf(plan).length
    if (changes > 0)
      throw new CliError('differences', `${changes} object(s) to change on ${plan.server}`, {result: plan, quiet: true})
    return plan
  }

  /** Shared with `apply`: files → validated → plan (its lines printed for people when `show`). */
  async makePlan(show: boolean): Promise<ApplyPlan> {
    const [{planFiles}, {ServerState}, {formatHuman}, {serverRoot}, {wildcard}, {planLines, summaryText}] =
      await Promise.all([
        import('../lib/definitions/plan.js'),
        import('../lib/definitions/server-state.js'),
        import('../lib/definitions/report.js'),
        import('../lib/config/server-url.js'),
        import('../lib/text.js'),
        import('../lib/definitions/plan-text.js'),
      ])
    if (this.flags.match && !this.flags.prune) throw new CliError('usage', '--match goes with --prune')
    const state = new ServerState(() => this.client())
    const {plan, report} = await planFiles(this.positionals, state, {
      server: serverRoot((await this.settings()).server.value),
      prune: this.flags.prune,
      match: this.flags.match ? wildcard(this.flags.match) : undefined,
      stdin: process.stdin,
    })
    if (report.problems.length > 0 && !this.jsonEnabled()) process.stderr.write(formatHuman(report))
    if (!plan)
      throw new CliError('invalid', `Nothing was planned: ${report.summary.errors} error(s) in the inputs`, {
        hint: 'Fix the problems above, then run it again.',
        result: report,
      })
    if (show && !this.jsonEnabled()) for (const line of planLines(plan, false)) this.log(line)
    if (show) this.note(summaryText(plan, false))
    return plan
  }
}
