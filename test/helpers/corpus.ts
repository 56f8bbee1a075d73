import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** The shared corpus of real definitions: ../shared/corpus beside the repository (as CI lays it out), or CONDUCTOR_CORPUS_DIR. */
export const CORPUS_ROOT =
  process.env.CONDUCTOR_CORPUS_DIR ?? fileURLToPath(new URL('../../../shared/corpus', import.meta.url))
export const CORPUS_DIR = join(CORPUS_ROOT, 'definitions')

export interface CorpusDef {
  file: string
  kind: 'workflow' | 'task'
  doc: Record<string, unknown>
}

export function corpusFiles(): string[] {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.(json|ya?ml)$/.test(entry.name)) files.push(path)
    }
  }
  walk(CORPUS_DIR)
  return files
}

/** Every definition in the corpus, arrays flattened and start requests unwrapped. */
export function corpusDefinitions(): CorpusDef[] {
  const defs: CorpusDef[] = []
  for (const file of corpusFiles()) {
    let parsed: unknown
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'))
    } catch {
      continue
    }
    for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
      if (typeof item !== 'object' || item === null) continue
      let doc = item as Record<string, unknown>
      if (typeof doc.workflowDef === 'object' && doc.workflowDef !== null && !Array.isArray(doc.tasks))
        doc = doc.workflowDef as Record<string, unknown>
      defs.push({file, kind: Array.isArray(doc.tasks) ? 'workflow' : 'task', doc})
    }
  }
  return defs
}
