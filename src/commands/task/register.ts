import WorkflowRegister from '../workflow/register.js'
import type {DefinitionKind} from '../../lib/definitions/load.js'

export default class TaskRegister extends WorkflowRegister {
  static override summary = 'Register task definitions from files: validated first, only what changed is sent.'
  static override examples = [
    '<%= config.bin %> task register ./tasks',
    '<%= config.bin %> task register tasks.yaml --dry-run',
  ]
  static override kinds: DefinitionKind[] = ['task']
}
