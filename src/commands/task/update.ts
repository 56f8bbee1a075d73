import type {ConductorClient} from '../../lib/client/client.js'
import TaskCreate from './create.js'

export default class TaskUpdate extends TaskCreate {
  static override summary =
    'Update task definitions from a file or stdin (the Go CLI command; prints nothing on success).'
  static override description =
    'Each definition is validated offline first (any error: nothing is sent, exit 3), then sent with PUT /metadata/taskdefs, which the server refuses for a name it does not have.'
  static override examples = [
    '<%= config.bin %> task update task_def.json',
    'cat task.json | <%= config.bin %> task update',
  ]

  protected override verb = {command: 'task update', done: 'Updated'}

  protected override async send(client: ConductorClient, bodies: unknown[]): Promise<void> {
    const {updateTaskDef} = await import('../../lib/definitions/metadata.js')
    for (const body of bodies) await updateTaskDef(client, body)
  }
}
