import {realpathSync} from 'node:fs'
import {readdir, realpath, stat} from 'node:fs/promises'
import {join, posix, relative, resolve, sep} from 'node:path'
import type {Problem} from './problems.js'

export const STDIN = '-'
const DEFINITION_FILE = /\.(json|ya?ml)$/i
const GLOB_CHARS = /[*?[{]/

export interface ExpandedInputs {
  /** Files in a stable order (and `-` for stdin), each once. */
  files: string[]
  /** Files named directly (and `-`), as opposed to found in a folder or by a glob. */
  explicit: Set<string>
  problems: Problem[]
}

/** Files, folders (walked recursively), globs and `-` → the list of files to read. */
export async function expandInputs(inputs: readonly string[]): Promise<ExpandedInputs> {
  const files: string[] = []
  const problems: Problem[] = []
  const seen = new Set<string>()
  const explicit = new Set<string>()
  const add = (file: string) => {
    const key = realKey(file)
    if (seen.has(key)) return
    seen.add(key)
    files.push(file)
  }
  for (const input of inputs) {
    if (input === STDIN) {
      if (!seen.has(STDIN)) files.push(STDIN)
      seen.add(STDIN)
      explicit.add(STDIN)
      continue
    }
    if (GLOB_CHARS.test(input)) {
      const matched = await expandGlob(input, problems)
      if (matched.length === 0) problems.push(ioProblem(input, 'no files match this pattern'))
      for (const file of matched) add(file)
      continue
    }
    let info
    try {
      info = await stat(input)
    } catch (error) {
      problems.push(ioProblem(input, reason(error)))
      continue
    }
    if (info.isDirectory()) {
      const found: string[] = []
      await walk(input, found, new Set(), problems)
      if (found.length === 0)
        problems.push({...ioProblem(input, 'no .json, .yaml or .yml files in this folder'), severity: 'warning'})
      for (const file of found) add(file)
    } else {
      explicit.add(input)
      add(input)
    }
  }
  return {files, explicit, problems}
}

/** The file's real path (symbolic links resolved), to read each file once; synchronous, as it is ~10x faster for many files. */
function realKey(file: string): string {
  try {
    return realpathSync(file)
  } catch {
    return resolve(file)
  }
}

export function ioProblem(file: string, message: string): Problem {
  return {file, path: '$', rule: 'io', severity: 'error', message}
}

export function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  const known: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ELOOP: 'too many levels of symbolic links',
    ENOTDIR: 'not a directory',
  }
  return (e.code && known[e.code] ? `${known[e.code]} (${e.code})` : e.message) ?? String(error)
}

/** Recursive, sorted, skipping node_modules and dot-folders; follows symlinks but never the same folder twice. */
async function walk(dir: string, out: string[], visiting: Set<string>, problems: Problem[]): Promise<void> {
  let real: string
  try {
    real = await realpath(dir)
  } catch (error) {
    problems.push(ioProblem(dir, reason(error)))
    return
  }
  if (visiting.has(real)) {
    problems.push({...ioProblem(dir, 'symbolic link loop; folder skipped'), severity: 'warning'})
    return
  }
  visiting.add(real)
  let entries
  try {
    entries = await readdir(dir, {withFileTypes: true})
  } catch (error) {
    problems.push(ioProblem(dir, reason(error)))
    visiting.delete(real)
    return
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    let isDir = entry.isDirectory()
    let isFile = entry.isFile()
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(path)
        isDir = target.isDirectory()
        isFile = target.isFile()
      } catch (error) {
        problems.push({...ioProblem(path, `broken symbolic link: ${reason(error)}`), severity: 'warning'})
        continue
      }
    }
    if (isDir) await walk(path, out, visiting, problems)
    else if (isFile && DEFINITION_FILE.test(entry.name)) out.push(path)
  }
  visiting.delete(real)
}

/** A small glob: `*`, `?`, `**`, `[abc]` and `{a,b}`, matched against paths under the pattern's fixed prefix. */
async function expandGlob(pattern: string, problems: Problem[]): Promise<string[]> {
  const normalized = posix.normalize(pattern.split(sep).join('/'))
  const parts = normalized.split('/')
  const fixed: string[] = []
  for (const part of parts) {
    if (GLOB_CHARS.test(part)) break
    fixed.push(part)
  }
  const base = fixed.length === 0 ? '.' : fixed.join('/') || '/'
  const matcher = globToRegExp(normalized)
  const candidates: string[] = []
  try {
    if ((await stat(base)).isDirectory()) await walk(base, candidates, new Set(), problems)
  } catch {
    return []
  }
  return candidates.filter((file) => {
    const posixPath = file.split(sep).join('/')
    return matcher.test(base === '.' ? relative('.', file).split(sep).join('/') : posixPath)
  })
}

export function globToRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/'
        re += slash ? '(?:.*/)?' : '.*'
        i += slash ? 2 : 1
      } else re += '[^/]*'
    } else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1)
      if (end === -1) re += '\\['
      else {
        re +=
          '[' +
          glob
            .slice(i + 1, end)
            .replace(/^!/, '^')
            .replace(/\\/g, '\\\\') +
          ']'
        i = end
      }
    } else if (c === '{') {
      const end = glob.indexOf('}', i + 1)
      if (end === -1) re += '\\{'
      else {
        re +=
          '(?:' +
          glob
            .slice(i + 1, end)
            .split(',')
            .map(escapeRegExp)
            .join('|') +
          ')'
        i = end
      }
    } else re += escapeRegExp(c)
  }
  return new RegExp(`^${re}$`)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
