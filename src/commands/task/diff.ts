import WorkflowDiff from '../workflow/diff.js'
import type {DefinitionKind} from '../../lib/definitions/load.js'

export default class TaskDiff extends WorkflowDiff {
  static override summary = 'Show what registering these task definition files would change on the server.'
  static override examples = ['<%= config.bin %> task diff ./tasks', '<%= config.bin %> task diff ./tasks --all --json']
  static override kinds: DefinitionKind[] = ['task']
}
