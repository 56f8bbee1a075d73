import type {Comparison} from './compare.js'
import type {Json} from './model.js'

const COLOURS = {add: '\u001B[32m', remove: '\u001B[31m', hunk: '\u001B[36m', reset: '\u001B[0m'}

async function serialise(doc: Json | undefined, format: 'json' | 'yaml'): Promise<string> {
  if (doc === undefined) return ''
  if (format === 'json') return JSON.stringify(doc, null, 2) + '\n'
  const {stringify} = await import('yaml')
  return stringify(doc, {lineWidth: 0})
}

/**
 * A unified diff of the normalised documents, server copy → local file (what registering would
 * change), in the format the user writes (YAML or JSON).
 */
export async function renderDiff(c: Comparison, options: {colour: boolean; context?: number}): Promise<string> {
  const format = c.definition?.format ?? 'json'
  const {createTwoFilesPatch} = await import('diff')
  const label = c.kind === 'workflow' ? `${c.name} v${c.version ?? 1}` : c.name
  const patch = createTwoFilesPatch(
    `server: ${label}`,
    `local: ${c.definition?.file ?? label}`,
    await serialise(c.server, format),
    await serialise(c.local, format),
    '',
    '',
    {
      context: options.context ?? 3,
    },
  )
  const lines = patch
    .split('\n')
    .filter((l) => !l.startsWith('====='))
    .map((l) => (l.startsWith('---') || l.startsWith('+++') ? l.trimEnd() : l))
  if (!options.colour) return lines.join('\n')
  return lines
    .map((l) =>
      l.startsWith('+') && !l.startsWith('+++')
        ? COLOURS.add + l + COLOURS.reset
        : l.startsWith('-') && !l.startsWith('---')
          ? COLOURS.remove + l + COLOURS.reset
          : l.startsWith('@@')
            ? COLOURS.hunk + l + COLOURS.reset
            : l,
    )
    .join('\n')
}
