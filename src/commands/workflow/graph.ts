import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {CliError} from '../../lib/errors.js'
import type {GraphFormat} from '../../lib/definitions/graph/render.js'
import type {Json} from '../../lib/definitions/model.js'
import {formatProblem} from '../../lib/definitions/problems.js'

interface GraphResult {
  name: string
  version?: number
  source: string
  format: GraphFormat
  graph: string
}

export default class WorkflowGraph extends BaseCommand<typeof WorkflowGraph> {
  static override summary = 'Draw the task graph of a workflow: an indented tree, Mermaid or Graphviz dot.'
  static override description = `Forks fan out and meet at their JOIN, SWITCH/DECISION cases are labelled (default last), DO_WHILE loops show their body and the way back, SUB_WORKFLOW tasks name the workflow they start, TERMINATE ends its path. The argument is a file when such a file exists (it must hold one workflow), otherwise a workflow name on the server (the latest version unless --version). Mermaid output renders on GitHub inside a \`\`\`mermaid block; dot renders with Graphviz (dot -Tsvg).`
  static override examples = [
    '<%= config.bin %> workflow graph order_flow',
    '<%= config.bin %> workflow graph order_flow --version 3 -o mermaid',
    '<%= config.bin %> workflow graph defs/order_flow.yaml --format dot | dot -Tsvg > order_flow.svg',
  ]
  static override args = {
    workflow: Args.string({description: 'Workflow name on the server, or a definition file.', required: true}),
  }
  static override flags = {
    output: Flags.string({
      char: 'o',
      aliases: ['format'],
      summary: 'Output format (--format also works).',
      options: ['text', 'mermaid', 'dot'],
      default: 'text',
    }),
    version: Flags.integer({summary: 'Version of the server definition (default: the latest).', min: 1}),
  }

  async run(): Promise<GraphResult> {
    const format = this.flags.output as GraphFormat
    const {doc, source} = await this.definition(this.args.workflow)
    const {renderGraph} = await import('../../lib/definitions/graph/render.js')
    const graph = renderGraph(doc, format)
    if (!this.jsonEnabled()) process.stdout.write(graph)
    const d = doc as {name?: unknown; version?: unknown}
    return {
      name: String(d.name ?? ''),
      ...(typeof d.version === 'number' ? {version: d.version} : {}),
      source,
      format,
      graph,
    }
  }

  private async definition(arg: string): Promise<{doc: Json; source: string}> {
    const {stat} = await import('node:fs/promises')
    const isFile = await stat(arg).then(
      (s) => s.isFile(),
      () => false,
    )
    if (!isFile) {
      const {getWorkflow} = await import('../../lib/definitions/metadata.js')
      const doc = await getWorkflow(await this.client(), arg, this.flags.version)
      return {doc, source: 'server'}
    }
    if (this.flags.version !== undefined)
      throw new CliError('usage', '--version applies to a server definition, not to a file')
    const {loadDefinitions} = await import('../../lib/definitions/load.js')
    const loaded = await loadDefinitions([arg], {only: 'workflow'})
    const error = loaded.problems.find((p) => p.severity === 'error')
    if (error) throw new CliError('invalid', formatProblem(error))
    const [first, ...rest] = loaded.definitions
    if (!first) throw new CliError('invalid', `${arg} holds no workflow definition`)
    if (rest.length > 0)
      throw new CliError(
        'usage',
        `${arg} holds ${loaded.definitions.length} workflow definitions (${loaded.definitions.map((d) => d.name).join(', ')}); graph draws one`,
        {
          hint: 'Register the file and draw one by name, or put the workflow in a file of its own.',
        },
      )
    return {doc: first.doc as Json, source: arg}
  }
}
