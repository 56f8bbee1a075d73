import WorkflowValidate from '../workflow/validate.js'
import type {DefinitionKind} from '../../lib/definitions/load.js'

export default class TaskValidate extends WorkflowValidate {
  static override summary = 'Check task definition files offline: JSON Schema plus the rules the server enforces.'
  static override examples = [
    '<%= config.bin %> task validate ./tasks',
    '<%= config.bin %> task validate tasks/*.json --strict',
    'cat taskdefs.yaml | <%= config.bin %> task validate -',
    '<%= config.bin %> task validate tasks --format github',
  ]
  static override kinds: DefinitionKind[] = ['task']
}
