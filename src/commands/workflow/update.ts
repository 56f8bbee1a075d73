import {Args, Flags} from '@oclif/core'
import type {RegisterResult} from '../../lib/definitions/register.js'
import WorkflowCreate from './create.js'

export default class WorkflowUpdate extends WorkflowCreate {
  static override summary =
    'Update (overwrite) a workflow definition from a JSON or YAML file or stdin (as the Go CLI).'
  static override description =
    'Validated first (errors: exit 3, nothing sent), then it replaces the server copy of that name and version (or creates it). Prints nothing on stdout, as the Go CLI; a line on stderr says what happened.'
  static override examples = [
    '<%= config.bin %> workflow update workflow.json',
    'cat workflow.json | <%= config.bin %> workflow update',
  ]
  static override args = {
    file: Args.string({description: 'Definition file (JSON or YAML); stdin when omitted.', ignoreStdin: true}),
  }
  static override flags = {
    force: Flags.boolean({summary: 'Accepted for symmetry with create; update always overwrites.', hidden: true}),
    js: Flags.boolean({summary: "Not supported (the Go CLI's experimental JavaScript definitions).", hidden: true}),
  }

  protected override overwrite(): boolean {
    return true
  }

  protected override report(r: RegisterResult): void {
    this.note(`Workflow '${r.name}' version ${r.version ?? 1} ${r.action}`)
  }
}
