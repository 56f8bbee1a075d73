import {CommandHelp, Help, type HelpFormatter} from '@oclif/core/help'
import {FAILURE_SHAPE, jsonHelp} from './json-shapes.js'

/** Each line wrapped to the terminal's width, indented as a section's body. */
function wrapLines(help: HelpFormatter, text: string | undefined): string | undefined {
  return text
    ?.split('\n')
    .map((line) => help.wrap(line, help.indentSpacing))
    .join('\n')
}

/** oclif's command help with a JSON OUTPUT section: the command's --json document (json-shapes.ts). */
class ConductorCommandHelp extends CommandHelp {
  protected override sections(): ReturnType<CommandHelp['sections']> {
    const sections = super.sections()
    // a list of allowed sections (HelpOptions.sections) that leaves it out is respected
    const allowed = this.opts.sections?.map((s) => s.toLowerCase())
    if (allowed && !allowed.includes('json output')) return sections
    // oclif's help has already turned the id's ':' into the topic separator (a space)
    const json = {
      header: 'JSON OUTPUT',
      generate: () => wrapLines(this, jsonHelp(this.command.id.replaceAll(' ', ':'))),
    }
    // after the examples, before the long flag descriptions
    const at = sections.findIndex((s) => s.header === 'FLAG DESCRIPTIONS')
    return at === -1 ? [...sections, json] : [...sections.slice(0, at), json, ...sections.slice(at)]
  }
}

/** The help class of package.json's oclif.helpClass. */
export default class ConductorHelp extends Help {
  protected override CommandHelpClass = ConductorCommandHelp

  /** The root help ends with what every command's --json prints, so the failure shape is told once up front. */
  protected override async showRootHelp(): Promise<void> {
    await super.showRootHelp()
    this.log(this.section('JSON OUTPUT', wrapLines(this, ROOT_JSON_HELP) ?? ''))
    this.log('')
  }
}

export const ROOT_JSON_HELP = [
  "With --json every command prints one JSON document on stdout: on success its result (each command's --help shows the shape under JSON OUTPUT); on failure:",
  FAILURE_SHAPE,
  "with error.kind and error.exitCode as in the README's exit codes, and what was done beside it. All shapes: docs/json-output.md.",
].join('\n')
