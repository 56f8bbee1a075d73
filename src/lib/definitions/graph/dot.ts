import type {NodeShape, TaskGraph} from './build.js'

/** Graphviz dot: `conductor workflow graph NAME --format dot | dot -Tsvg > graph.svg`. */
const SHAPES: Record<NodeShape, string> = {
  start: 'oval',
  end: 'oval',
  task: 'box',
  dynamic: 'parallelogram',
  decision: 'diamond',
  fork: 'hexagon',
  join: 'hexagon',
  loop: 'trapezium',
  subworkflow: 'box3d',
  terminate: 'doubleoctagon',
}

export function quoteDot(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replace(/\r?\n/g, '\\n')}"`
}

export function toDot(graph: TaskGraph): string {
  const title = graph.version === undefined ? graph.name : `${graph.name} v${graph.version}`
  const lines = [
    `digraph ${quoteDot(title)} {`,
    '  rankdir=TB;',
    '  node [shape=box, fontname="Helvetica"];',
    '  edge [fontname="Helvetica"];',
  ]
  for (const node of graph.nodes) {
    const label = node.detail ? `${node.label}\n${node.detail}` : node.label
    lines.push(`  ${node.id} [label=${quoteDot(label)}, shape=${SHAPES[node.shape]}];`)
  }
  for (const edge of graph.edges) {
    const attrs = [
      ...(edge.label === undefined ? [] : [`label=${quoteDot(edge.label)}`]),
      ...(edge.back ? ['style=dashed', 'constraint=false'] : []),
    ]
    lines.push(`  ${edge.from} -> ${edge.to}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`)
  }
  lines.push('}')
  return lines.join('\n') + '\n'
}
