import {execute} from '@oclif/core'
import {setFlagsFromString} from 'node:v8'
import {reorderGlobalFlags} from './argv.js'

/** Entry point of bin/run.js: global flags may come first; Ctrl-C restores the terminal and exits 130. */
export async function main(argv: string[], dir: string, options: {development?: boolean} = {}): Promise<void> {
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
  await execute({args: reorderGlobalFlags(argv), dir, development: options.development ?? false})
}
