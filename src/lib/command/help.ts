import {CommandHelp, Help} from '@oclif/core/help'
import {jsonHelp} from './json-shapes.js'

/** oclif's command help with a JSON OUTPUT section: the command's --json document (json-shapes.ts). */
class ConductorCommandHelp extends CommandHelp {
  protected override sections(): ReturnType<CommandHelp['sections']> {
    const sections = super.sections()
    // a list of allowed sections (HelpOptions.sections) that leaves it out is respected
    const allowed = this.opts.sections?.map((s) => s.toLowerCase())
    if (allowed && !allowed.includes('json output')) return sections
    // oclif's help has already turned the id's ':' into the topic separator (a space)
    const json = {header: 'JSON OUTPUT', generate: () => jsonHelp(this.command.id.replaceAll(' ', ':'))}
    // after the examples, before the long flag descriptions
    const at = sections.findIndex((s) => s.header === 'FLAG DESCRIPTIONS')
    return at === -1 ? [...sections, json] : [...sections.slice(0, at), json, ...sections.slice(at)]
  }
}

/** The help class of package.json's oclif.helpClass. */
export default class ConductorHelp extends Help {
  protected override CommandHelpClass = ConductorCommandHelp
}
