import type {Command} from '@oclif/core/command'
import type {PJSON} from '@oclif/core/interfaces'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {setFlagsFromString} from 'node:v8'
import {reorderGlobalFlags} from './argv.js'

/** Command id → its class; the bundle (scripts/bundle.mjs) passes one built from the manifest. */
export type CommandLoaders = Record<string, () => Promise<{default: Command.Class}>>

/**
 * Entry point of bin/run.js: global flags may come first; Ctrl-C restores the terminal and exits 130.
 * With `commands`, a command of this CLI runs without loading oclif's plugins (see runDirect).
 * Resolves to the id of the command run that way, or undefined when oclif's execute() ran.
 */
export async function main(
  argv: string[],
  dir: string,
  options: {development?: boolean; commands?: CommandLoaders} = {},
): Promise<string | undefined> {
  // V8 would recompile undici's WebAssembly HTTP parser with its optimising tier in the background,
  // and Node waits for that before exiting (70-100 ms after the last output). A short-lived CLI
  // never profits from the optimised code: keep the baseline compiler.
  setFlagsFromString('--liftoff-only')
  process.on('SIGINT', function onInterrupt() {
    // a command that handles Ctrl-C itself (the worker finishes tasks in flight) installed its own listener
    if (process.listeners('SIGINT').some((l) => l !== onInterrupt)) return
    if (process.stderr.isTTY) process.stderr.write('\u001B[?25h\n') // show the cursor a spinner hid
    process.exit(130)
  })
  const args = reorderGlobalFlags(argv)
  if (options.commands) {
    // the bundle is built code: oclif must not look for TypeScript sources of hooks (NODE_ENV=test or development)
    const {settings} = await import('@oclif/core/settings')
    settings.enableAutoTranspile = false
  }
  const direct = options.commands && !options.development ? await runDirect(args, dir, options.commands) : undefined
  if (direct) return direct
  const {execute} = await import('@oclif/core/execute')
  await execute({args, dir, development: options.development ?? false})
  return undefined
}

/**
 * What oclif's execute() does for a command of the root plugin, with the root plugin alone: the
 * plugins (help, autocomplete, not-found) only add their own commands and a not-found hook, and
 * loading them costs more than the command itself. Returns the command's id, or undefined (nothing
 * done) for help, a topic, a plugin's command or an unknown one, which take oclif's full path.
 */
async function runDirect(argv: string[], dir: string, commands: CommandLoaders): Promise<string | undefined> {
  const [{Config, Plugin}, {getHelpFlagAdditions, normalizeArgv}] = await Promise.all([
    import('@oclif/core/config'),
    import('@oclif/core/help'),
  ])
  // bin/run.js is in the package root's bin/: no search for package.json, read once
  const rootDir = fileURLToPath(new URL('..', dir.startsWith('file:') ? dir : pathToFileURL(dir)))
  const pjson = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as PJSON
  const root = new Plugin({root: rootDir, pjson, isRoot: true})
  await root.load()
  const config = await Config.load({root: root.root, plugins: new Map([[root.name, root]])})
  if (argv.length === 0 || config.isSingleCommandCLI) return undefined
  const helpFlags = getHelpFlagAdditions(config)
  for (const arg of argv) {
    if (arg === '--') break
    if (helpFlags.includes(arg)) return undefined
  }
  const [id = '', ...rest] = normalizeArgv(config, [...argv])
  const found = config.findCommand(id)
  const load = found && commands[found.id]
  if (!found || !load) return undefined
  const [{handle}, {flush}] = await Promise.all([import('@oclif/core/handle'), import('@oclif/core/flush')])
  try {
    await config.runHook('init', {argv: rest, id})
    const {default: command} = await load()
    command.id = found.id
    command.plugin = root
    let error: Error | undefined
    try {
      await config.runHook('prerun', {argv: rest, Command: command})
      const result = await command.run(rest, config)
      await config.runHook('postrun', {argv: rest, Command: command, result})
    } catch (caught) {
      error = caught as Error
      throw caught
    } finally {
      await config.runHook('finally', {argv: rest, Command: found, error, id})
    }
    await flush()
  } catch (error) {
    await handle(error as Error)
  }
  return found.id
}
