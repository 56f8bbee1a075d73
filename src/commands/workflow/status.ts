import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'
import {eachId, type EachResult} from '../../lib/go-compat/each.js'

export default class WorkflowStatus extends BaseCommand<typeof WorkflowStatus> {
  static override summary = 'Print the bare status word of each workflow execution, one a line (as the Go CLI).'
  static override description =
    'For scripts: STATUS=$(conductor workflow status ID). An id that does not exist is reported on stderr and the others are still printed; the exit code is then 4 (9 when the failures differ). --json prints [{id, status}].'
  static override examples = [
    '<%= config.bin %> workflow status 3f1c…',
    '[ "$(<%= config.bin %> workflow status "$id")" = COMPLETED ] && echo done',
  ]
  static override strict = false
  static override args = {workflow_id: Args.string({description: 'Workflow (execution) ids.', required: true})}

  async run(): Promise<EachResult<{status: string}>[]> {
    const {getStatus} = await import('../../lib/executions/service.js')
    const client = await this.client()
    return eachId(
      this.positionals,
      'status',
      async (id) => {
        const status = await getStatus(client, id)
        this.log(status)
        return {status}
      },
      (line) => this.logToStderr(line),
    )
  }
}
