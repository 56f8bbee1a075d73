import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import type {JsonObject} from '../../lib/client/types.js'
import {workflowIds} from '../../lib/executions/control.js'
import {buildObject} from '../../lib/executions/input.js'
import {setVariables} from '../../lib/executions/variables.js'
import {CliError} from '../../lib/errors.js'

export default class ExecutionVariables extends BaseCommand<typeof ExecutionVariables> {
  static override summary = 'Set workflow variables of a running execution (Orkes Conductor only).'
  static override description = [
    'Each KEY=VALUE sets one variable (VALUE as for `run --input`: JSON when it parses, a.b=1 nests, key=@file).',
    'Conductor OSS has no API for this: the command then fails with exit 4 (not found) and says so; set variables from',
    'inside the workflow with a SET_VARIABLE task instead.',
  ].join('\n')
  static override examples = ['<%= config.bin %> execution variables 3f1c… retries=3 customer.tier=gold']
  static override strict = false
  static override args = {
    id: Args.string({description: 'Workflow (execution) id.', required: true}),
    assignments: Args.string({description: 'KEY=VALUE pairs (one or more).'}),
  }

  async run(): Promise<{workflowId: string; variables: JsonObject}> {
    const [id, ...pairs] = workflowIds(this.positionals)
    if (pairs.length === 0)
      throw new CliError('usage', 'execution variables needs at least one KEY=VALUE', {
        hint: 'For example: conductor execution variables ID retries=3',
      })
    const variables = await buildObject(pairs, 'variables')
    await setVariables(await this.client(), id as string, variables)
    this.log(`Set ${Object.keys(variables).join(', ')} on ${id}`)
    return {workflowId: id as string, variables}
  }
}
