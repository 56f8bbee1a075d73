#!/usr/bin/env node
// `conductor --version` is run by scripts to probe the tool: answer it without loading oclif.
const argv = process.argv.slice(2)
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const {readFileSync} = await import('node:fs')
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  // Before anything compiles: main.ts explains the flag, and V8 only takes a code cache made under the same flags.
  const {setFlagsFromString} = process.getBuiltinModule?.('node:v8') ?? (await import('node:v8'))
  setFlagsFromString('--liftoff-only')
  // Node 22.1+: cache compiled code between runs (a no-op where unsupported, e.g. Node 20).
  const mod = process.getBuiltinModule?.('node:module') ?? (await import('node:module')).default
  mod.enableCompileCache?.()
  const bundle = await loadBundle(mod)
  if (bundle) {
    // on exit, so that runs ending in an error (process.exit) also keep what they compiled
    let id
    process.once('exit', (code) => bundle.ran(id ?? `(exit ${code})`))
    id = await bundle.exports.run(argv, import.meta.url)
  } else {
    // a build without the bundle (scripts/bundle.mjs): the modules of dist/ one by one
    const {main} = await import('../dist/lib/command/main.js')
    await main(argv, import.meta.url)
  }
}

/**
 * dist/cli.cjs (everything a command needs, in one file; scripts/bundle.mjs) compiled with a V8 code
 * cache kept in the CLI's cache directory, per Node version and build, so that V8 neither parses nor
 * compiles again what an earlier run did. The cache is written again after the first run of each
 * command (the ids it holds are listed beside it), so it covers every command in use.
 */
async function loadBundle(mod) {
  // process.getBuiltinModule (Node 20.16+) is synchronous and skips the ES module loader
  const builtin = (name) => process.getBuiltinModule?.(name) ?? import(name)
  const [fs, path, vm, os, {fileURLToPath}] = await Promise.all(
    ['node:fs', 'node:path', 'node:vm', 'node:os', 'node:url'].map(builtin),
  )
  const file = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url))
  let source
  try {
    source = fs.readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  const {mtimeMs, size} = fs.statSync(file)
  const cacheRoot =
    process.env.CONDUCTOR_CLI_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'conductor-cli')
  const cacheFile = path.join(cacheRoot, 'code-cache', `${process.version}-${process.arch}-${size}-${mtimeMs}.bin`)
  let cachedData
  let ids = ''
  try {
    cachedData = fs.readFileSync(cacheFile)
    ids = fs.readFileSync(`${cacheFile}.ids`, 'utf8')
  } catch {}
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __import) {${source}\n})`, {
    filename: file,
    cachedData,
  })
  const module = {exports: {}}
  const importHere = (specifier) => import(specifier)
  script.runInThisContext()(module.exports, mod.createRequire(file), module, file, path.dirname(file), importHere)
  const fresh = cachedData === undefined || script.cachedDataRejected
  return {
    exports: module.exports,
    /** Records what the run compiled, once per key: a command's id, or the exit code of a run that returned none (help, errors). */
    ran(key) {
      if (!fresh && ids.split('\n').includes(key)) return
      try {
        const data = script.createCachedData()
        fs.mkdirSync(path.dirname(cacheFile), {recursive: true})
        const temporary = `${cacheFile}.${process.pid}`
        fs.writeFileSync(temporary, data)
        fs.renameSync(temporary, cacheFile)
        fs.writeFileSync(`${cacheFile}.ids`, fresh ? `${key}\n` : `${ids}${key}\n`)
        if (fresh) {
          // caches of earlier builds for this Node version are dead weight
          const prefix = `${process.version}-${process.arch}-`
          for (const name of fs.readdirSync(path.dirname(cacheFile)))
            if (name.startsWith(prefix) && !cacheFile.endsWith(name.replace(/\.ids$/, '')))
              fs.rmSync(path.join(path.dirname(cacheFile), name), {force: true})
        }
      } catch {
        // a read-only or full cache directory only costs speed
      }
    },
  }
}
