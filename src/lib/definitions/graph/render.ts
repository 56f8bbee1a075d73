import type {Json} from '../model.js'
import {buildGraph} from './build.js'
import {toDot} from './dot.js'
import {toMermaid} from './mermaid.js'
import {toTextTree} from './text.js'

export type GraphFormat = 'mermaid' | 'dot' | 'text'
export const GRAPH_FORMATS: readonly GraphFormat[] = ['text', 'mermaid', 'dot']

export function renderGraph(workflow: Json, format: GraphFormat): string {
  if (format === 'text') return toTextTree(workflow)
  const graph = buildGraph(workflow)
  return format === 'mermaid' ? toMermaid(graph) : toDot(graph)
}
