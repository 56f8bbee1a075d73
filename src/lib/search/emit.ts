import {toCsv, toJsonl, toYaml, type Column} from '../output/formats.js'

/**
 * Text for one page at a time, so `--all` streams in every machine format with the same bytes that
 * the whole list would give at once (json: one array; yaml: one sequence; csv: one header).
 */
export interface PageFormatter<R> {
  page(rows: R[]): Promise<string>
  end(): string
}

export type StreamFormat = 'json' | 'jsonl' | 'yaml' | 'csv'

export function pageFormatter<R>(format: StreamFormat, columns: Column<R>[]): PageFormatter<R> {
  let count = 0
  switch (format) {
    case 'jsonl':
      return {page: async (rows) => toJsonl(rows), end: () => ''}
    case 'csv':
      return {
        page: async (rows) => {
          const text = toCsv(rows, columns)
          const body = text.slice(text.indexOf('\n') + 1)
          return count++ === 0 ? text : body
        },
        end: () => (count === 0 ? toCsv([], columns) : ''),
      }
    case 'yaml':
      return {
        page: async (rows) => {
          if (rows.length === 0) return ''
          count += rows.length
          return toYaml(rows)
        },
        end: () => (count === 0 ? '[]\n' : ''),
      }
    case 'json':
      return {
        page: async (rows) => {
          let text = ''
          for (const row of rows)
            text += `${count++ === 0 ? '[\n' : ',\n'}${JSON.stringify(row, null, 2).replace(/^/gm, '  ')}`
          return text
        },
        end: () => (count === 0 ? '[]\n' : '\n]\n'),
      }
  }
}
