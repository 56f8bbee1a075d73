#!/usr/bin/env node
// Writes dist/cli.cjs: bin/run.js, the commands of oclif.manifest.json, our libraries, undici's HTTP/1
// client and the parts of oclif a command needs, in one file that bin/run.js compiles once per Node
// version with a V8 code cache (bench/HISTORY.md has the figures). `npm run build` runs it after
// `oclif manifest`; every command of the manifest is in, so a new command needs nothing here.
// Heavy libraries that commands import lazily stay outside and load from node_modules when used.
import {build} from 'esbuild'
import {existsSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join, relative, resolve} from 'node:path'
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
// Hooks (the not-found suggestion) and the help class are modules oclif imports by path: the bundle holds them too, and
// oclif's module loader takes them from it (see hookModules below). Keyed by path from the root, no extension.
const hookKey = (file) =>
  relative(ROOT, file)
    .split('\\')
    .join('/')
    .replace(/\.[cm]?js$/, '')
    .replace(/\/index$/, '')
const hookFiles = []
for (const [dir, json] of [
  [ROOT, pjson],
  ...(pjson.oclif.plugins ?? []).map((name) => [
    join(ROOT, 'node_modules', name),
    JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')),
  ]),
])
  for (const [event, hooks] of Object.entries(json.oclif?.hooks ?? {})) {
    if (event.startsWith('plugins:')) continue // plugin installs: this CLI has no plugin manager
    for (const hook of [hooks].flat()) {
      let file = resolve(dir, typeof hook === 'string' ? hook : hook.target)
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.js')
      if (!existsSync(file) && existsSync(`${file}.js`)) file = `${file}.js`
      hookFiles.push(file)
    }
  }
// the help class (package.json oclif.helpClass), which oclif also imports by path
if (pjson.oclif.helpClass) hookFiles.push(resolve(ROOT, pjson.oclif.helpClass.target ?? pjson.oclif.helpClass))

const entry = [
  `import {main} from './dist/lib/command/main.js'`,
  `const commands = {`,
  ...loaders,
  `}`,
  `const hookModules = {`,
  ...hookFiles.map((f) => `  ${JSON.stringify(hookKey(f))}: () => import(${JSON.stringify(f)}),`),
  `}`,
  `globalThis[Symbol.for('conductor-cli.bundled-module')] = (path) => {`,
  `  const key = require('node:path').relative(require('node:path').join(__dirname, '..'), path).split('\\\\').join('/').replace(/\\.[cm]?js$/, '').replace(/\\/index$/, '')`,
  `  return hookModules[key]?.()`,
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
    // oclif's module loader: a module the bundle holds is taken from it
    b.onLoad({filter: /[\\/]@oclif[\\/]core[\\/]lib[\\/]module-loader\.js$/}, (a) => {
      const source = readFileSync(a.path, 'utf8')
      const head = 'async function loadWithData(config, modulePath) {'
      // load(): the help class
      const headLoad = 'async function load(config, modulePath) {'
      if (!source.includes(head) || !source.includes(headLoad))
        throw new Error('bundle: oclif module-loader.js changed; update scripts/bundle.mjs')
      const find = "const bundled = globalThis[Symbol.for('conductor-cli.bundled-module')]?.(modulePath);"
      const bundled = find + 'if (bundled) return {filePath: modulePath, isESM: true, module: await bundled};'
      const bundledLoad = find + 'if (bundled) return await bundled;'
      return {contents: source.replace(head, head + bundled).replace(headLoad, headLoad + bundledLoad), loader: 'js'}
    })
    // plugin-not-found loads every @inquirer prompt up front for a "did you mean" asked only on a terminal
    b.onLoad({filter: /[\\/]@oclif[\\/]plugin-not-found[\\/]lib[\\/]utils\.js$/}, (a) => ({
      contents: readFileSync(a.path, 'utf8').replace(
        "import { confirm } from '@inquirer/prompts';",
        `const confirm = (options) => {
          let cancel = () => {};
          const answer = import('@inquirer/prompts').then(({confirm}) => {
            const prompt = confirm(options);
            cancel = () => prompt.cancel();
            return prompt;
          });
          return Object.assign(answer, {cancel: () => cancel()});
        };`,
      ),
      loader: 'js',
    }))
    // undici loads its HTTP/2 client (and node:http2, 5-15 ms) up front; only an h2 connection needs it
    b.onLoad({filter: /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/}, (a) => ({
      contents: readFileSync(a.path, 'utf8').replace(
        "const connectH2 = require('./client-h2.js')",
        "const connectH2 = (...args) => require('./client-h2.js')(...args)",
      ),
      loader: 'js',
    }))
  },
}

const result = await build({
  stdin: {contents: entry, resolveDir: ROOT, sourcefile: 'cli-entry.js', loader: 'js'},
  outfile: join(DIST, 'cli.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: !process.env.BUNDLE_READABLE,
  minifySyntax: !process.env.BUNDLE_READABLE,
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
