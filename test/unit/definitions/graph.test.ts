import {describe, expect, it} from 'vitest'
import {buildGraph, type TaskGraph} from '../../../src/lib/definitions/graph/build.js'
import {toDot} from '../../../src/lib/definitions/graph/dot.js'
import {escapeMermaid, toMermaid} from '../../../src/lib/definitions/graph/mermaid.js'
import {renderGraph} from '../../../src/lib/definitions/graph/render.js'
import {toTextTree} from '../../../src/lib/definitions/graph/text.js'
import type {Json} from '../../../src/lib/definitions/model.js'

const t = (ref: string, type = 'SIMPLE', extra: Record<string, unknown> = {}) => ({
  name: ref,
  taskReferenceName: ref,
  type,
  ...extra,
})

/** A fork whose second branch holds a switch (one case with a loop, an empty default), then a join, a sub-workflow and a terminate case. */
const nested = {
  name: 'orders',
  version: 3,
  tasks: [
    t('start_task'),
    t('fork', 'FORK_JOIN', {
      forkTasks: [
        [t('a1'), t('a2')],
        [
          t('route', 'SWITCH', {
            evaluatorType: 'value-param',
            expression: 'kind',
            decisionCases: {
              retry: [
                t('loop', 'DO_WHILE', {loopCondition: "$.loop['iteration'] < 3", loopOver: [t('body1'), t('body2')]}),
              ],
              stop: [t('halt', 'TERMINATE', {inputParameters: {terminationStatus: 'FAILED'}})],
            },
            defaultCase: [],
          }),
        ],
      ],
    }),
    t('join', 'JOIN', {joinOn: ['a2', 'route']}),
    t('child', 'SUB_WORKFLOW', {subWorkflowParam: {name: 'payments', version: 2}}),
  ],
} as unknown as Json

/** Edges as `from -label-> to` with node labels, easier to read than ids. */
function edges(graph: TaskGraph): string[] {
  const label = new Map(graph.nodes.map((n) => [n.id, n.label]))
  return graph.edges.map((e) => `${label.get(e.from)} -${e.label ?? ''}${e.back ? '(back)' : ''}-> ${label.get(e.to)}`)
}

describe('buildGraph', () => {
  it('nested fork, switch and loop: branches fan out and meet, cases labelled, loop body goes back', () => {
    const graph = buildGraph(nested)
    expect(edges(graph)).toEqual([
      'start --> start_task',
      'start_task --> fork',
      'fork --> a1',
      'a1 --> a2',
      'fork --> route',
      'route -retry-> loop',
      'loop --> body1',
      'body1 --> body2',
      'body2 -repeat(back)-> loop',
      'route -stop-> halt',
      'a2 --> join',
      'loop -done-> join',
      'route -default-> join',
      'join --> child',
      'child --> end',
    ])
    const shapes = Object.fromEntries(graph.nodes.map((n) => [n.label, n.shape]))
    expect(shapes).toMatchObject({
      start: 'start',
      fork: 'fork',
      route: 'decision',
      loop: 'loop',
      halt: 'terminate',
      join: 'join',
      child: 'subworkflow',
      end: 'end',
    })
    expect(graph.nodes.find((n) => n.label === 'child')?.detail).toBe('SUB_WORKFLOW → payments v2')
    expect(graph.nodes.find((n) => n.label === 'halt')?.detail).toBe('TERMINATE FAILED')
    expect(graph.nodes.find((n) => n.label === 'route')?.detail).toBe('SWITCH kind')
  })

  it('a workflow that always terminates has no end node; an empty one goes from start to end', () => {
    expect(buildGraph({name: 'w', tasks: [t('x', 'TERMINATE')]} as Json).nodes.map((n) => n.label)).toEqual([
      'start',
      'x',
    ])
    expect(edges(buildGraph({name: 'w', tasks: []} as Json))).toEqual(['start --> end'])
  })

  it('DECISION with caseValueParam, dynamic forks, inline and unversioned sub-workflows', () => {
    const graph = buildGraph({
      name: 'w',
      tasks: [
        t('d', 'DECISION', {caseValueParam: 'p', decisionCases: {A: [t('x')]}, defaultCase: [t('y')]}),
        t('dyn', 'FORK_JOIN_DYNAMIC'),
        t('j', 'JOIN'),
        t('s1', 'SUB_WORKFLOW', {subWorkflowParam: {name: 'latest_one'}}),
        t('s2', 'SUB_WORKFLOW', {
          subWorkflowParam: {name: 'x', workflowDefinition: {name: 'inner', version: 4, tasks: []}},
        }),
      ],
    } as Json)
    expect(edges(graph)).toContain('d -A-> x')
    expect(edges(graph)).toContain('d -default-> y')
    expect(edges(graph)).toContain('dyn -dynamic branches-> j')
    expect(graph.nodes.find((n) => n.label === 's1')?.detail).toBe('SUB_WORKFLOW → latest_one (latest)')
    expect(graph.nodes.find((n) => n.label === 's2')?.detail).toBe('SUB_WORKFLOW → inline inner v4')
  })
})

describe('mermaid', () => {
  it('is a flowchart TD with generated ids, quoted labels, labelled and dotted back edges', () => {
    const out = toMermaid(buildGraph(nested))
    expect(out.startsWith('flowchart TD\n')).toBe(true)
    expect(out).toContain('n0(["start"])')
    expect(out).toMatch(/n\d+\{"route<br\/>SWITCH kind"\}/)
    expect(out).toMatch(/n\d+\[\["child<br\/>SUB_WORKFLOW → payments v2"\]\]/)
    expect(out).toMatch(/n\d+ -->\|"retry"\| n\d+/)
    expect(out).toMatch(/n\d+ -.->\|"repeat"\| n\d+/)
    // every line is a node, an edge or the header: nothing a name could inject
    for (const line of out.trimEnd().split('\n').slice(1))
      expect(line).toMatch(/^ {2}n\d+(\S+"[^"]*"\S+| -(->|\.->)(\|"[^"]*"\|)? n\d+)$/)
  })

  it('escapes characters Mermaid reads as syntax', () => {
    expect(escapeMermaid('a "b" [c] {d} |e| <f> #g; ok_1.2')).toBe(
      'a #34;b#34; #91;c#93; #123;d#125; #124;e#124; #60;f#62; #35;g#59; ok_1.2',
    )
    const out = toMermaid(buildGraph({name: 'w', tasks: [t('end"]; n0 --> x["'), t('ß')]} as Json))
    expect(out).toContain('end#34;#93;#59; n0 --#62; x#91;#34;')
    expect(out).toContain('"ß<br/>SIMPLE"')
  })
})

describe('dot', () => {
  it('is a digraph with shapes, edge labels and dashed back edges, quotes escaped', () => {
    const out = toDot(buildGraph(nested))
    expect(out).toMatch(/^digraph "orders v3" \{\n/)
    expect(out).toContain('[label="route\\nSWITCH kind", shape=diamond]')
    expect(out).toContain('shape=box3d')
    expect(out).toMatch(/n\d+ -> n\d+ \[label="repeat", style=dashed, constraint=false\];/)
    expect(toDot(buildGraph({name: 'say "hi"', tasks: []} as Json))).toContain('digraph "say \\"hi\\"" {')
  })
})

describe('text tree', () => {
  it('follows the nesting, with branches, cases, default and loop bodies', () => {
    expect(toTextTree(nested)).toBe(
      [
        'orders v3',
        '├── start_task  SIMPLE',
        '├── fork  FORK_JOIN',
        '│   ├── branch 1',
        '│   │   ├── a1  SIMPLE',
        '│   │   └── a2  SIMPLE',
        '│   └── branch 2',
        '│       └── route  SWITCH kind',
        '│           ├── case "retry"',
        "│           │   └── loop  DO_WHILE $.loop['iteration'] < 3",
        '│           │       ├── body1  SIMPLE',
        '│           │       └── body2  SIMPLE',
        '│           ├── case "stop"',
        '│           │   └── halt  TERMINATE FAILED',
        '│           └── default',
        '│               └── (nothing)',
        '├── join  JOIN',
        '└── child  SUB_WORKFLOW → payments v2',
        '',
      ].join('\n'),
    )
  })

  it('renderGraph dispatches on the format', () => {
    expect(renderGraph(nested, 'text')).toBe(toTextTree(nested))
    expect(renderGraph(nested, 'mermaid').startsWith('flowchart TD')).toBe(true)
    expect(renderGraph(nested, 'dot').startsWith('digraph')).toBe(true)
  })
})
