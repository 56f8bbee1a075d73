import type {ApplyItem, ApplyPlan} from './plan.js'

const WORDS: Record<string, string> = {create: 'create', update: 'update', delete: 'delete'}

/** One line per object that changes (or changed), the paths that differ, then a count per action. */
export function planLines(plan: ApplyPlan, applied: boolean): string[] {
  const lines: string[] = []
  const shown = (i: ApplyItem) => (applied ? (i.result ?? 'unchanged') : i.action)
  for (const i of plan.items) {
    const action = shown(i)
    if (action === 'unchanged') continue
    const what = `${i.kind} ${i.name}${i.version === undefined ? '' : ` v${i.version}`}`
    lines.push(
      `${(WORDS[action] ?? action).padEnd(9)} ${what}${i.file ? `  (${i.file})` : ''}${i.error ? `: ${i.error}` : ''}`,
    )
    for (const path of i.changedPaths) lines.push(`            ${path}`)
  }
  return lines
}

export function summaryText(plan: ApplyPlan, applied: boolean): string {
  const counts = new Map<string, number>()
  for (const i of plan.items) {
    const action = applied ? (i.result ?? 'unchanged') : i.action
    counts.set(action, (counts.get(action) ?? 0) + 1)
  }
  const parts = [...counts].map(
    ([action, n]) => `${n} ${applied ? action : `to ${action}`.replace('to unchanged', 'unchanged')}`,
  )
  return `${plan.server}: ${parts.join(', ') || 'nothing'}`
}
