import type {GraphNode, NodeShape, TaskGraph} from './build.js'

/**
 * Mermaid `flowchart TD`, as GitHub renders it in Markdown. Node ids are generated (n0, n1, ...),
 * so names such as `end` or `graph` cannot break the syntax; text is quoted and every character
 * Mermaid treats specially is written as an entity code (#35; for #).
 */
const OPEN_CLOSE: Record<NodeShape, [string, string]> = {
  start: ['([', '])'],
  end: ['([', '])'],
  task: ['[', ']'],
  dynamic: ['[/', '/]'],
  decision: ['{', '}'],
  fork: ['{{', '}}'],
  join: ['{{', '}}'],
  loop: ['[/', '\\]'],
  subworkflow: ['[[', ']]'],
  terminate: ['((', '))'],
}

const SPECIAL = /["#%&()*;<>?@[\\\]^`{|}~!]/

/** ASCII punctuation Mermaid may read as syntax becomes an entity code; letters and other scripts stay. */
export function escapeMermaid(text: string): string {
  return [...text]
    .map((ch) => (SPECIAL.test(ch) || ch.charCodeAt(0) < 32 || ch === '\u007F' ? `#${ch.codePointAt(0)};` : ch))
    .join('')
}

function nodeText(node: GraphNode): string {
  return [node.label, node.detail]
    .filter((t): t is string => Boolean(t))
    .map(escapeMermaid)
    .join('<br/>')
}

export function toMermaid(graph: TaskGraph): string {
  const lines = ['flowchart TD']
  for (const node of graph.nodes) {
    const [open, close] = OPEN_CLOSE[node.shape]
    lines.push(`  ${node.id}${open}"${nodeText(node)}"${close}`)
  }
  for (const edge of graph.edges) {
    const arrow = edge.back ? '-.->' : '-->'
    lines.push(
      `  ${edge.from} ${arrow}${edge.label === undefined ? '' : `|"${escapeMermaid(edge.label)}"|`} ${edge.to}`,
    )
  }
  return lines.join('\n') + '\n'
}
