import {readFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import type {DefinitionKind} from './kind.js'

/** schemas/ at the package root: three levels up from both src/lib/definitions and dist/lib/definitions. */
export function schemaFile(kind: DefinitionKind): string {
  return fileURLToPath(new URL(`../../../schemas/${kind}-def.schema.json`, import.meta.url))
}

const texts = new Map<DefinitionKind, Promise<string>>()
/** A schema's text, read once per run (the precompiled validators' digest and the field lists both use it). */
export function schemaText(kind: DefinitionKind): Promise<string> {
  let text = texts.get(kind)
  if (!text) {
    text = readFile(schemaFile(kind), 'utf8')
    texts.set(kind, text)
  }
  return text
}
