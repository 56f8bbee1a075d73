export const OUTPUT_FORMATS = ['table', 'json', 'yaml', 'jsonl', 'csv'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export interface Column<R> {
  header: string
  get: (row: R) => unknown
}

export function cellText(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

function csvCell(value: unknown): string {
  const text = cellText(value)
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function toCsv<R>(rows: R[], columns: Column<R>[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')]
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.get(row))).join(','))
  return lines.join('\n') + '\n'
}

export function toJsonl(rows: unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : '')
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}

export async function toYaml(value: unknown): Promise<string> {
  const {stringify} = await import('yaml')
  return stringify(value, {lineWidth: 0})
}

/** A table for humans. Off a TTY it has no borders or colour, so `grep`/`awk` work on it. */
export async function toTable<R>(
  rows: R[],
  columns: Column<R>[],
  options: {tty: boolean; width?: number | undefined; exactHeaders?: boolean},
): Promise<string> {
  if (!options.tty) {
    const cells = [
      columns.map((c) => (options.exactHeaders ? c.header : c.header.toUpperCase())),
      ...rows.map((r) => columns.map((c) => cellText(c.get(r)).replaceAll('\n', ' '))),
    ]
    const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]?.length ?? 0)))
    return (
      cells
        .map((line) =>
          line
            .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
            .join('  ')
            .trimEnd(),
        )
        .join('\n') + '\n'
    )
  }
  const {default: Table} = await import('cli-table3')
  const table = new Table({
    head: columns.map((c) => c.header),
    style: {head: process.env.NO_COLOR ? [] : ['cyan'], border: process.env.NO_COLOR ? [] : ['grey']},
    wordWrap: true,
  })
  for (const row of rows) table.push(columns.map((c) => cellText(c.get(row))))
  return table.toString() + '\n'
}
