import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../lib/command/base-command.js'
import {CliError} from '../lib/errors.js'
import type {ApplyPlan} from '../lib/definitions/plan.js'
import Plan from './plan.js'

export default class Apply extends BaseCommand<typeof Apply> {
  static override summary = 'Make the server hold what the files hold: every kind of definition, in one run.'
  static override description = `Plans as \`conductor plan\` does, then sends only what changed, in dependency order: task definitions, sub-workflows, workflows, event handlers, schedules. --prune also deletes server objects of the kinds the files hold that no file holds any more (--match limits them by name): they are shown first and deleted only after confirmation, or with --yes when there is no terminal. --plan FILE applies a plan saved by \`conductor plan --out FILE\`, and only if the server has not changed since (exit 5 otherwise, nothing written).`
  static override examples = [
    '<%= config.bin %> apply ./defs',
    '<%= config.bin %> apply ./defs --prune --match "orders_*" --yes',
    '<%= config.bin %> apply --plan plan.json --yes --json',
  ]
  static override strict = false
  static override args = {paths: Args.string({description: 'Files, folders, globs, or - for stdin.'})}
  static override flags = {
    ...Plan.flags,
    plan: Flags.string({summary: 'Apply a plan saved by `conductor plan --out FILE`.', exclusive: ['prune', 'match']}),
  }

  async run(): Promise<ApplyPlan> {
    const [{applyPlan, changesOf, parseApplyPlan}, {ServerState}, {planLines, summaryText}] = await Promise.all([
      import('../lib/definitions/plan.js'),
      import('../lib/definitions/server-state.js'),
      import('../lib/definitions/plan-text.js'),
    ])
    if (this.flags.plan && this.positionals.length > 0)
      throw new CliError('usage', 'With --plan, the objects come from the plan; give no PATHS')
    if (!this.flags.plan && this.positionals.length === 0)
      throw new CliError('usage', 'Give the files or folders to apply, or --plan FILE')
    const plan = this.flags.plan
      ? await this.savedPlan(this.flags.plan, parseApplyPlan)
      : await Plan.prototype.makePlan.call(this as unknown as Plan, false)
    const changes = changesOf(plan)
    if (changes.length === 0) {
      this.note(summaryText(plan, false))
      return plan
    }
    const deletions = changes.filter((i) => i.action === 'delete')
    if (deletions.length > 0) {
      // shown before anything is deleted
      if (!this.jsonEnabled()) for (const line of planLines(plan, false)) this.logToStderr(line)
      await this.confirmOrYes(`Delete ${deletions.length} object(s) from ${plan.server}?`)
    }
    const {startSpinner} = await import('../lib/output/streams.js')
    const spinner = await startSpinner('Checking the server', {quiet: this.jsonEnabled()})
    let applied: ApplyPlan
    try {
      applied = await applyPlan(await this.client(), new ServerState(() => this.client()), plan, {
        onProgress: (done, total) => spinner.update(`Applying ${done}/${total}`),
      })
    } finally {
      spinner.stop()
    }
    if (!this.jsonEnabled()) for (const line of planLines(applied, true)) this.log(line)
    this.note(summaryText(applied, true))
    const failed = applied.items.filter((i) => i.result === 'failed').length
    if (failed > 0) throw new CliError('partial', `${failed} object(s) failed to apply`, {result: applied, quiet: true})
    return applied
  }

  private async savedPlan(file: string, parse: (text: string, file: string) => ApplyPlan): Promise<ApplyPlan> {
    const [{readFile}, {serverRoot}] = await Promise.all([
      import('node:fs/promises'),
      import('../lib/config/server-url.js'),
    ])
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new CliError('usage', `Cannot read the plan ${file}: ${error.code ?? error.message}`)
    })
    const plan = parse(text, file)
    const server = serverRoot((await this.settings()).server.value)
    if (server !== plan.server)
      throw new CliError('usage', `The plan was made for ${plan.server}, not ${server}`, {
        hint: 'Point --server (or the profile) at the server the plan was made for, or make a new plan.',
      })
    return plan
  }
}
