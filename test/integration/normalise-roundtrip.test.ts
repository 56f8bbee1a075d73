/**
 * The normalisation is proven on the whole corpus: each definition is registered on the real
 * server, read back, and both sides normalised; any difference is a false positive in our diff.
 */
import {describe, expect, it} from 'vitest'
import {normalise, jsonEqual, wireBody} from '../../src/lib/definitions/normalise.js'
import type {Json} from '../../src/lib/definitions/model.js'
import {corpusDefinitions} from '../helpers/corpus.js'
import {serverUrl, uniqueName} from '../helpers/server-env.js'

async function call(method: string, path: string, body?: unknown): Promise<{status: number; json: unknown}> {
  const response = await fetch(serverUrl() + path, {
    method,
    headers: body === undefined ? {} : {'content-type': 'application/json'},
    body: body === undefined ? null : JSON.stringify(body),
  })
  const text = await response.text()
  let json: unknown = text
  try {
    json = JSON.parse(text)
  } catch {}
  return {status: response.status, json}
}

function differences(a: Json, b: Json, path = '$'): string[] {
  if (jsonEqual(a, b)) return []
  if (
    typeof a === 'object' &&
    a !== null &&
    typeof b === 'object' &&
    b !== null &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    return [...keys].flatMap((k) =>
      differences((a as Record<string, Json>)[k] ?? null, (b as Record<string, Json>)[k] ?? null, `${path}.${k}`),
    )
  }
  return [`${path}: local ${JSON.stringify(a)?.slice(0, 80)} vs server ${JSON.stringify(b)?.slice(0, 80)}`]
}

describe('normalisation round trip on the corpus', () => {
  const prefix = uniqueName('rt')
  const defs = corpusDefinitions()

  it('finds no false difference for any workflow definition the server accepts', async () => {
    let accepted = 0
    const problems: string[] = []
    for (const [i, def] of defs.filter((d) => d.kind === 'workflow').entries()) {
      const local: Record<string, Json> = {
        ...(wireBody('workflowDef', def.doc as Json) as Record<string, Json>),
        name: `${prefix}_w${i}`,
      }
      const put = await call('PUT', '/metadata/workflow', [local])
      if (put.status !== 200) continue
      accepted++
      const version = typeof local.version === 'number' ? local.version : 1
      const back = await call('GET', `/metadata/workflow/${local.name}?version=${version}`)
      expect(back.status).toBe(200)
      const diff = differences(normalise('workflowDef', local), normalise('workflowDef', back.json as Json))
      if (diff.length > 0) problems.push(`${def.file}: ${diff.join('; ')}`)
      await call('DELETE', `/metadata/workflow/${local.name}/${version}`)
    }
    expect(problems).toEqual([])
    expect(accepted).toBeGreaterThan(120)
  })

  it('finds no false difference for any task definition the server accepts', async () => {
    let accepted = 0
    const problems: string[] = []
    for (const [i, def] of defs.filter((d) => d.kind === 'task').entries()) {
      const local: Record<string, Json> = {
        ...(wireBody('taskDef', def.doc as Json) as Record<string, Json>),
        name: `${prefix}_t${i}`,
      }
      const post = await call('POST', '/metadata/taskdefs', [local])
      if (post.status !== 200) continue
      accepted++
      const back = await call('GET', `/metadata/taskdefs/${local.name}`)
      const diff = differences(normalise('taskDef', local), normalise('taskDef', back.json as Json))
      if (diff.length > 0) problems.push(`${def.file}: ${diff.join('; ')}`)
      await call('DELETE', `/metadata/taskdefs/${local.name}`)
    }
    expect(problems).toEqual([])
    expect(accepted).toBeGreaterThan(100)
  })
})
