import type {Column} from '../output/formats.js'
import {label, type PlanItem, type PromotionPlan} from './promote.js'

/** What an item shows: its planned action, or after apply what happened to it. */
export const shownAction = (applied: boolean) => (i: PlanItem) => (applied ? (i.result ?? i.action) : i.action)

/** The items people see (what changes, or changed) and their columns; --json gets every item. */
export function planRows(plan: PromotionPlan, applied: boolean): {rows: PlanItem[]; columns: Column<PlanItem>[]} {
  const action = shownAction(applied)
  return {
    rows: plan.items.filter((i) => action(i) !== 'unchanged'),
    columns: [
      {header: 'Kind', get: (i) => i.kind},
      {header: 'Name', get: (i) => i.name},
      {header: 'Version', get: (i) => i.version ?? ''},
      {header: 'Action', get: action},
      {
        header: 'Changed',
        get: (i) =>
          i.changedPaths.slice(0, 3).join(' ') + (i.changedPaths.length > 3 ? ` (+${i.changedPaths.length - 3})` : ''),
      },
      {header: 'Error', get: (i) => i.error ?? ''},
    ],
  }
}

const ORDER = ['create', 'created', 'update', 'updated', 'unchanged', 'failed', 'unknown']
const WORDS: Record<string, string> = {create: 'to create', update: 'to update'}

/** The lines under the table: the counts per action, and what exists only on the target. */
export function planNotes(plan: PromotionPlan, applied: boolean): string[] {
  const action = shownAction(applied)
  const counts = new Map<string, number>()
  for (const i of plan.items) counts.set(action(i), (counts.get(action(i)) ?? 0) + 1)
  const parts = [...counts]
    .sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b))
    .map(([a, n]) => `${n} ${WORDS[a] ?? a}`)
  const notes = [`${plan.source.server} → ${plan.target.server}: ${parts.join(', ') || 'nothing selected'}`]
  if (plan.targetOnly.length > 0)
    notes.push(`Only on the target (left alone): ${plan.targetOnly.map(label).join(', ')}`)
  return notes
}

/** The plan as shown before the confirmation question. */
export function planText(plan: PromotionPlan): string {
  const lines = [`Plan: ${plan.source.server} → ${plan.target.server}`]
  for (const i of plan.items) {
    if (i.action === 'unchanged') continue
    const version = i.version === undefined ? '' : ` v${i.version}`
    const paths = i.changedPaths.length > 0 ? `  (${i.changedPaths.join(', ')})` : ''
    lines.push(`  ${i.action.padEnd(7)} ${i.kind} ${i.name}${version}${paths}`)
  }
  const only = plan.targetOnly.length > 0 ? `, ${plan.targetOnly.length} only on the target (left alone)` : ''
  lines.push(`  ${plan.summary.unchanged} unchanged${only}`)
  return lines.join('\n')
}

/** Items whose promotion is not confirmed (failed, or cut off: unknown). */
export function unconfirmed(plan: PromotionPlan): {failed: number; unknown: boolean} {
  return {
    failed: plan.items.filter((i) => i.result === 'failed' || i.result === 'unknown').length,
    unknown: plan.items.some((i) => i.result === 'unknown'),
  }
}
