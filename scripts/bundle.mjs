#!/usr/bin/env node
// Writes dist/cli.cjs: bin/run.js, the commands of oclif.manifest.json, our libraries, undici's HTTP/1
// client and the parts of oclif a command needs, in one file that bin/run.js compiles once per Node
// version with a V8 code cache (bench/HISTORY.md has the figures). `npm run build` runs it after
// `oclif manifest`; every command of the manifest is in, so a new command needs nothing here.
// Heavy libraries that commands import lazily stay outside and load from node_modules when used.
import {build} from 'esbuild'
import {readFileSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DIST = join(ROOT, 'dist')
const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'))
const pjson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))

// The direct path skips the plugins; it is only right while they add no hook to a command's run.
const LIFECYCLE = new Set(['init', 'prerun', 'postrun', 'finally', 'preparse', 'command_incomplete'])
const hooked = (pjson.oclif.plugins ?? []).filter((name) => {
  const hooks = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).oclif?.hooks ?? {}
  return Object.keys(hooks).some((event) => LIFECYCLE.has(event))
})
if (hooked.length > 0)
  console.warn(`bundle: ${hooked.join(', ')} hook a command's run; every command takes oclif's path`)

const loaders = hooked.length
  ? []
  : Object.values(manifest.commands)
      .filter((c) => c.pluginName === pjson.name)
      .map((c) => `  ${JSON.stringify(c.id)}: () => import(${JSON.stringify('./' + c.relativePath.join('/'))}),`)
const entry = [
  `import {main} from './dist/lib/command/main.js'`,
  `const commands = {`,
  ...loaders,
  `}`,
  `export function run(argv, dir) {`,
  `  return main(argv, dir, {commands})`,
  `}`,
].join('\n')

/** Where a bundled module of dist/ would have been: import.meta.url is not there in a CommonJS bundle. */
const distModules = {
  name: 'dist-modules',
  setup(b) {
    b.onResolve({filter: /^@oclif\/core$/}, () => ({path: join(ROOT, 'scripts/oclif-core-lite.mjs')}))
    b.onLoad({filter: /\/dist\/.*\.js$/}, (a) => {
      let contents = readFileSync(a.path, 'utf8')
      const rel = relative(DIST, a.path).split('\\').join('/')
      contents = contents.replaceAll('import.meta.url', `__distUrl(${JSON.stringify(rel)})`)
      // undici-lite loads undici's parts with createRequire(import.meta.url): let them into the bundle
      contents = contents.replace(/\bload\('(undici\/lib\/[^']+)'\)/g, "require('$1')")
      return {contents, loader: 'js'}
    })
  },
}

const result = await build({
  stdin: {contents: entry, resolveDir: ROOT, sourcefile: 'cli-entry.js', loader: 'js'},
  outfile: join(DIST, 'cli.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // loaded lazily by the commands that need them, or only in development (oclif's TypeScript support)
  external: [
    'ajv',
    'ajv/*',
    'ajv-formats',
    'yaml',
    'cli-table3',
    'ora',
    '@inquirer/prompts',
    'diff',
    'microdiff',
    'p-limit',
    'p-retry',
    'typescript',
    'ts-node',
    'tsx',
  ],
  plugins: [distModules],
  banner: {
    js: "const __distUrl = (p) => require('node:url').pathToFileURL(require('node:path').join(__dirname, p)).href;",
  },
  write: false,
  logLevel: 'warning',
})
// A script compiled with vm has no module to resolve import() against: bin/run.js passes its own
// as __import (the same package, so the same resolution). Only calls: the text "import()" stays.
const code = result.outputFiles[0].text.replace(/(?<![\w$.])import\((?!\))/g, '__import(')
writeFileSync(join(DIST, 'cli.cjs'), code)
console.log(`wrote dist/cli.cjs (${loaders.length} commands, ${Math.round(code.length / 1024)} KB)`)
