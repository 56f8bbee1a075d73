import {escapeControl} from './terminal-safe.js'

export const OUTPUT_FORMATS = ['table', 'json', 'yaml', 'jsonl', 'csv'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export interface Column<R> {
  header: string
  get: (row: R) => unknown
  /** Never cut to fit a terminal (ids people copy). */
  fixed?: boolean
}

/** A table cell or CSV field: control characters escaped (terminal-safe.ts). */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return escapeControl(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return escapeControl(JSON.stringify(value))
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

/**
 * A table for humans, the way gh prints one: plain columns two spaces apart, upper-case headers, one
 * line per row. Off a terminal it is never cut, so `grep`/`awk` see every value; on a terminal the
 * widest columns give way until the table fits its width, and cut cells end with an ellipsis (the
 * full values are in `-o json|yaml|csv`).
 */
export async function toTable<R>(
  rows: R[],
  columns: Column<R>[],
  options: {tty: boolean; width?: number | undefined; exactHeaders?: boolean},
): Promise<string> {
  const head = columns.map((c) => (options.exactHeaders ? c.header : c.header.toUpperCase()))
  const body = rows.map((r) => columns.map((c) => cellText(c.get(r)).replaceAll('\n', ' ')))
  const natural = columns.map((_, i) => Math.max(head[i]?.length ?? 0, ...body.map((line) => line[i]?.length ?? 0)))
  if (!options.tty || !options.width) return plainLines([head, ...body], natural)
  const widths = fitWidths(
    natural,
    options.width,
    GAP.length,
    columns.map((c) => c.fixed ?? false),
  )
  const {default: Table} = await import('cli-table3')
  const colour = !process.env.NO_COLOR
  const table = new Table({
    head,
    colWidths: widths,
    wordWrap: false,
    truncate: '…',
    chars: BORDERLESS,
    style: {head: colour ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 0},
  })
  for (const line of body) table.push(line)
  return (
    table
      .toString()
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n') + '\n'
  )
}

const GAP = '  '
const BORDERLESS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: GAP,
}

function plainLines(lines: string[][], widths: number[]): string {
  return (
    lines
      .map((line) =>
        line
          .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
          .join(GAP)
          .trimEnd(),
      )
      .join('\n') + '\n'
  )
}

/**
 * Column widths that fit `total` columns: the widest column that is not fixed gives one character at
 * a time, down to 4.
 */
export function fitWidths(
  natural: readonly number[],
  total: number,
  gap: number,
  fixed: readonly boolean[] = [],
): number[] {
  const widths = [...natural]
  const room = total - gap * Math.max(0, widths.length - 1)
  let sum = widths.reduce((a, b) => a + b, 0)
  while (sum > room) {
    let widest = -1
    for (let i = 0; i < widths.length; i++)
      if (!fixed[i] && (widest === -1 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i
    if (widest === -1 || (widths[widest] ?? 0) <= 4) break
    widths[widest] = (widths[widest] ?? 0) - 1
    sum--
  }
  return widths
}
