import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {loadDefinitions, type LoadResult} from '../../src/lib/definitions/load.js'
import type {Problem} from '../../src/lib/definitions/problems.js'
import {validateDefinitions} from '../../src/lib/definitions/validate.js'
import {CORPUS_ROOT} from '../helpers/corpus.js'

const CORPUS = CORPUS_ROOT
const DEFS = join(CORPUS, 'definitions')

/** MANIFEST.tsv rows: local file → notes. */
const manifest = new Map(
  readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .map((cols) => [join(CORPUS, cols[0]!), cols[7] ?? ''] as const),
)
const manifestKinds = new Map(
  readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .map((cols) => [join(CORPUS, cols[0]!), cols[1] ?? ''] as const),
)
const noted = (pattern: RegExp) =>
  [...manifest]
    .filter(([, notes]) => pattern.test(notes))
    .map(([file]) => file)
    .sort()

let loaded: LoadResult
let problems: Problem[]
const errorsIn = (file: string) =>
  problems.filter((p) => p.file === file && p.severity === 'error' && p.rule !== 'duplicate-definition')

describe('the corpus', () => {
  beforeAll(async () => {
    loaded = await loadDefinitions([DEFS])
    // one definition at a time, as the server sees them (the corpus repeats names across files on purpose)
    problems = [...loaded.problems]
    for (const def of loaded.definitions) problems.push(...(await validateDefinitions([def])))
  })

  it('loads every file, with every definition in it', () => {
    expect(loaded.files).toHaveLength(193)
    expect(manifest.size).toBe(193)
    expect(loaded.problems.filter((p) => p.rule !== 'start-request')).toEqual([])
    expect(loaded.definitions.filter((d) => d.kind === 'workflow')).toHaveLength(186)
    expect(loaded.definitions.filter((d) => d.kind === 'task')).toHaveLength(123)
    const kinds = new Map(loaded.definitions.map((d) => [d.file, d.kind]))
    for (const [file, kind] of manifestKinds) expect(kinds.get(file), file).toBe(kind)
  })

  it('unwraps the two StartWorkflowRequest bodies with a warning', () => {
    const files = noted(/StartWorkflowRequest body/)
    expect(files).toHaveLength(2)
    expect(
      loaded.problems
        .filter((p) => p.rule === 'start-request')
        .map((p) => p.file)
        .sort(),
    ).toEqual(files)
  })

  it('rejects schemaVersion 1, an empty tasks list and responseTimeoutSeconds > timeoutSeconds', () => {
    const [wf1] = noted(/schemaVersion=/)
    expect(errorsIn(wf1!).map((p) => p.path)).toEqual(['$.schemaVersion'])
    const [empty] = noted(/empty tasks list/)
    expect(errorsIn(empty!).map((p) => p.path)).toEqual(['$.tasks'])
    const timeouts = noted(/responseTimeoutSeconds > timeoutSeconds/)
    expect(timeouts).toHaveLength(2)
    for (const file of timeouts)
      expect(
        errorsIn(file).map((p) => p.rule),
        file,
      ).toContain('server-timeout-order')
  })

  it('finds errors in exactly the files the server rejects (checked by test/integration/validate-verdicts)', () => {
    const withErrors = [...new Set(problems.filter((p) => p.severity === 'error').map((p) => p.file))]
      .map((f) => f.slice(DEFS.length + 1))
      .sort()
    expect(withErrors).toEqual([
      'Netflix__conductor/docs__kitchensink.json',
      'codaxy__conductor-sharp/test__ConductorSharp.Engine.Tests__Samples__Workflows__WaitTask.json',
      'conductor-oss__conductor-agents/coding-harness__workers__workflows__taskdefs__github_demo_publication_plan.json',
      'conductor-oss__conductor-agents/coding-harness__workers__workflows__taskdefs__issue_to_pr_publication_plan.json',
      'conductor-oss__conductor-agents/coding-harness__workers__workflows__taskdefs__openspec_status.json',
      'conductor-oss__conductor-agents/coding-harness__workers__workflows__taskdefs__prepare_repo.json',
      'conductor-oss__conductor/docs__devguide__how-tos__schema-validation.md__block01.json',
      'conductor-oss__conductor/docs__documentation__advanced__isolationgroups.md__block00.json',
      'conductor-oss__conductor/docs__documentation__configuration__taskdef.md__block06.json',
      'conductor-oss__conductor/docs__documentation__configuration__workflowdef__operators__dynamic-task.md__block02.json',
      'conductor-oss__conductor/rest__src__main__resources__kitchensink__wf1.json',
    ])
  })

  it('gives every problem a line and column', () => {
    expect(problems.filter((p) => p.line === undefined || p.column === undefined)).toEqual([])
  })

  it('knows the deprecated workflowTaskType alias, and ignores nulls on non-primitive fields (the server keeps those null)', () => {
    const codaxy = problems.filter((p) => p.file.includes('codaxy__conductor-sharp'))
    expect(codaxy.length).toBeGreaterThan(0)
    expect(codaxy.filter((p) => p.rule === 'unknown-field' && p.message.includes('workflowTaskType'))).toEqual([])
    // kitchenSink-ephemeral... has "createTime": null, "concurrentExecLimit": null and the like
    expect(problems.filter((p) => p.rule === 'null-value')).toEqual([])
  })
})
