import {Args} from '@oclif/core'
import {BaseCommand} from '../../lib/command/base-command.js'

export default class SchemaPrint extends BaseCommand<typeof SchemaPrint> {
  static override summary = 'Print the JSON Schema of workflow or task definitions (for editors and CI).'
  static override description =
    'Point an editor at it (VS Code: json.schemas / yaml.schemas, or "$schema" in the file) for completion and help on every field.'
  static override examples = [
    '<%= config.bin %> schema print workflow > workflow-def.schema.json',
    '<%= config.bin %> schema print task',
  ]
  static override args = {
    kind: Args.string({description: 'Which schema.', options: ['workflow', 'task'], required: true}),
  }

  async run(): Promise<Record<string, unknown>> {
    const {loadSchema} = await import('../../lib/definitions/schema.js')
    const schema = await loadSchema(this.args.kind as 'workflow' | 'task')
    await this.renderDocument(schema, 'json')
    return schema
  }
}
