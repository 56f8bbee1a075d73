/**
 * Our offline verdict (any error-severity problem?) against the server's, for every corpus definition:
 * workflows through POST /api/metadata/workflow/validate, task definitions by registering them under a
 * unique name (POST /api/metadata/taskdefs) and deleting them again.
 */
import {afterAll, describe, expect, it} from 'vitest'
import {loadDefinitions, type LoadedDefinition} from '../../src/lib/definitions/load.js'
import type {Json} from '../../src/lib/definitions/model.js'
import {wireBody} from '../../src/lib/definitions/normalise.js'
import {validateDefinitions} from '../../src/lib/definitions/validate.js'
import {serverUrl, uniqueName} from '../helpers/server-env.js'
import {CORPUS_DIR} from '../helpers/corpus.js'

const CORPUS = CORPUS_DIR

/**
 * Definitions where we and the server disagree on purpose, keyed `file#pointer` (file relative to the corpus),
 * with the reason. Also documented in src/lib/definitions/KNOWN-DIFFERENCES.md. Empty: no disagreement left.
 */
export const KNOWN_DIFFERENCES: Record<string, string> = {}

interface Verdict {
  key: string
  kind: LoadedDefinition['kind']
  ours: boolean
  server: boolean
  status: number
  serverMessage: string
  ourErrors: string[]
}

async function serverVerdict(def: LoadedDefinition): Promise<{valid: boolean; status: number; message: string}> {
  const api =
    serverUrl()
      .replace(/\/+$/, '')
      .replace(/\/api$/, '') + '/api'
  const post = (path: string, body: unknown) =>
    fetch(api + path, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)})
  if (def.kind === 'workflow') {
    const response = await post('/metadata/workflow/validate', wireBody('workflowDef', def.doc as Json))
    return {valid: response.ok, status: response.status, message: await response.text()}
  }
  const body = wireBody('taskDef', def.doc as Json) as Record<string, Json>
  const renamed = typeof body.name === 'string' && body.name !== '' ? `${body.name}__vt_${uniqueName('t')}` : undefined
  if (renamed) body.name = renamed
  const response = await post('/metadata/taskdefs', [body])
  const message = await response.text()
  if (response.ok && renamed) await fetch(`${api}/metadata/taskdefs/${encodeURIComponent(renamed)}`, {method: 'DELETE'})
  return {valid: response.ok, status: response.status, message}
}

const t = (task: Record<string, unknown>) => ({name: 'x', taskReferenceName: 'x_ref', ...task})
const wf = (...tasks: Record<string, unknown>[]) => ({name: 'vt_synthetic', schemaVersion: 2, tasks})
/** Edge cases the corpus lacks, each checked against the server as well. */
const SYNTHETIC: Record<string, Record<string, unknown>> = {
  'http without request': wf(t({type: 'HTTP'})),
  'http with uri only': wf(t({type: 'HTTP', inputParameters: {uri: 'http://x'}})),
  'http inside loopOver': wf(
    t({type: 'DO_WHILE', loopCondition: 'false', loopOver: [{name: 'h', taskReferenceName: 'h', type: 'HTTP'}]}),
  ),
  'terminate optional': wf(t({type: 'TERMINATE', optional: true, inputParameters: {terminationStatus: 'COMPLETED'}})),
  'terminate expression status': wf(
    t({type: 'TERMINATE', inputParameters: {terminationStatus: '${workflow.input.s}'}}),
  ),
  'fork without branches': wf(t({type: 'FORK_JOIN', forkTasks: []})),
  'switch without expression': wf(
    t({type: 'SWITCH', evaluatorType: 'value-param', decisionCases: {a: [t({taskReferenceName: 'a'})]}}),
  ),
  'switch bad javascript': wf(
    t({
      type: 'SWITCH',
      evaluatorType: 'javascript',
      expression: 'if (',
      decisionCases: {a: [t({taskReferenceName: 'a'})]},
    }),
  ),
  'decision without param': wf(t({type: 'DECISION', decisionCases: {a: [t({taskReferenceName: 'a'})]}})),
  'do_while without condition': wf(t({type: 'DO_WHILE', loopOver: [t({taskReferenceName: 'a'})]})),
  'dynamic fork with forkTaskInputs': wf(t({type: 'FORK_JOIN_DYNAMIC', inputParameters: {forkTaskInputs: []}})),
  'dynamic fork legacy and new': wf(
    t({
      type: 'FORK_JOIN_DYNAMIC',
      dynamicForkJoinTasksParam: 'a',
      dynamicForkTasksParam: 'b',
      dynamicForkTasksInputParamName: 'c',
    }),
  ),
  'duplicate ref in nested fork': wf(
    t({
      type: 'FORK_JOIN',
      forkTasks: [
        [t({taskReferenceName: 'a'})],
        [t({type: 'FORK_JOIN', taskReferenceName: 'f2', forkTasks: [[t({taskReferenceName: 'a'})]]})],
      ],
    }),
  ),
  'duplicate ref only inside inline sub-workflow': wf(
    t({
      type: 'SUB_WORKFLOW',
      subWorkflowParam: {name: 's', workflowDefinition: wf(t({taskReferenceName: 'a'}), t({taskReferenceName: 'a'}))},
    }),
  ),
  'unknown ref top level': wf(t({inputParameters: {a: '${nope.output.x}'}})),
  'unknown ref nested': wf(
    t({type: 'FORK_JOIN', forkTasks: [[t({taskReferenceName: 'a', inputParameters: {a: '${nope.output.x}'}})]]}),
  ),
  'system parameter ref': wf(t({inputParameters: {a: '${CPEWF_TASK_ID}', b: '${workflow.input.x}', c: '$${escaped}'}})),
  'ref to task in a fork': wf(
    t({type: 'FORK_JOIN', forkTasks: [[t({taskReferenceName: 'a'})]]}),
    t({taskReferenceName: 'b', inputParameters: {v: '${a.output.x}'}}),
  ),
  'wait both': wf(t({type: 'WAIT', inputParameters: {duration: '1s', until: '2030-01-01'}})),
  'wait bad duration': wf(t({type: 'WAIT', inputParameters: {duration: 'soon'}})),
  'wait good duration': wf(t({type: 'WAIT', inputParameters: {duration: '1 days 2h 30 mins'}})),
  'event without sink': wf(t({type: 'EVENT'})),
  'sub workflow without params': wf(t({type: 'SUB_WORKFLOW'})),
  'unknown type': wf(t({type: 'MY_CUSTOM'})),
  'negative startDelay': wf(t({startDelay: -1})),
  'empty taskReferenceName': wf(t({taskReferenceName: ''})),
  'timeout policy typo': {...wf(t({})), timeoutPolicy: 'TIMEOUT_WF'},
  'version null': {...wf(t({})), version: null},
}

describe('offline verdicts agree with the server on edge cases', () => {
  const rejected: string[] = []
  afterAll(() =>
    process.stderr.write(
      `[verdicts] synthetic: ${Object.keys(SYNTHETIC).length} cases, ${rejected.length} invalid on the server\n`,
    ),
  )
  for (const [title, doc] of Object.entries(SYNTHETIC)) {
    it(title, async () => {
      const def: LoadedDefinition = {
        kind: 'workflow',
        name: 'vt_synthetic',
        version: undefined,
        doc,
        file: 'synthetic.json',
        format: 'json',
        pointer: '$',
        locate: () => undefined,
      }
      const ours = (await validateDefinitions([def])).filter((p) => p.severity === 'error')
      const server = await serverVerdict(def)
      if (!server.valid) rejected.push(title)
      expect({ours: ours.length === 0 ? 'valid' : 'invalid', errors: ours.map((e) => e.message)}).toMatchObject({
        ours: server.valid ? 'valid' : 'invalid',
      })
    })
  }
})

describe('offline verdicts agree with the server on the corpus', () => {
  it('has the same valid/invalid verdict as the server for every definition', async () => {
    const loaded = await loadDefinitions([CORPUS])
    expect(loaded.problems.filter((p) => p.rule === 'parse' || p.rule === 'io')).toEqual([])
    expect(loaded.definitions.length).toBe(186 + 123)
    const verdicts: Verdict[] = []
    for (const def of loaded.definitions) {
      const errors = (await validateDefinitions([def])).filter((p) => p.severity === 'error')
      const server = await serverVerdict(def)
      verdicts.push({
        key: `${def.file.slice(CORPUS.length + 1)}#${def.pointer}`,
        kind: def.kind,
        ours: errors.length === 0,
        server: server.valid,
        status: server.status,
        serverMessage: server.message.slice(0, 300),
        ourErrors: errors.map((e) => `${e.path}: ${e.message} [${e.rule}]`),
      })
    }
    const disagreements = verdicts.filter((v) => v.ours !== v.server)
    const unexpected = disagreements.filter((d) => !(d.key in KNOWN_DIFFERENCES))
    const stale = Object.keys(KNOWN_DIFFERENCES).filter((k) => !disagreements.some((d) => d.key === k))
    const tally = (kind: string) => {
      const of = verdicts.filter((v) => v.kind === kind)
      return `${kind}: ${of.length} definitions, ${of.filter((v) => !v.server).length} invalid on the server, ${of.filter((v) => v.ours !== v.server).length} disagreements`
    }
    process.stderr.write(`[verdicts] ${tally('workflow')}; ${tally('task')}\n`)
    expect(unexpected).toEqual([])
    expect(stale).toEqual([])
    // the corpus notes: these must be rejected by both
    const invalid = verdicts.filter((v) => !v.server).map((v) => v.key)
    expect(invalid).toEqual(
      expect.arrayContaining([
        'conductor-oss__conductor/rest__src__main__resources__kitchensink__wf1.json#$',
        'conductor-oss__conductor/docs__devguide__how-tos__schema-validation.md__block01.json#$',
      ]),
    )
  })
})
