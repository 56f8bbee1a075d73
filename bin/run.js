#!/usr/bin/env node
// `conductor --version` is run by scripts to probe the tool: answer it without loading oclif.
const argv = process.argv.slice(2)
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const {readFileSync} = await import('node:fs')
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  // Node 22.1+: cache compiled code between runs (a no-op where unsupported, e.g. Node 20).
  const {default: mod} = await import('node:module')
  mod.enableCompileCache?.()
  const {main} = await import('../dist/lib/command/main.js')
  await main(argv, import.meta.url)
}
