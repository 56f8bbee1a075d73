import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {MODELS, walkModels, type Json, type JsonObject, type ModelName} from '../../../src/lib/definitions/model.js'
import {normalise, wireBody} from '../../../src/lib/definitions/normalise.js'
import {workflowFindings} from '../../../src/lib/definitions/rules.js'
import {knownFields} from '../../../src/lib/definitions/schema.js'

const names = Object.keys(MODELS) as ModelName[]

/** Every .ts file under a folder of src/. */
function sources(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true, recursive: true})
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
}

describe('the server model is described once, in model.ts', () => {
  it('each Java primitive is a field of its model, with a number or boolean default', () => {
    for (const model of names)
      for (const field of MODELS[model].primitives ?? []) {
        expect(Object.hasOwn(MODELS[model].fields, field), `${model}.${field}`).toBe(true)
        expect(['number', 'boolean'], `${model}.${field}`).toContain(typeof MODELS[model].fields[field])
      }
  })

  it('each nesting is a field of its model and names a model of MODELS', () => {
    for (const model of names)
      for (const [field, nesting] of Object.entries(MODELS[model].nested)) {
        expect(Object.hasOwn(MODELS[model].fields, field), `${model}.${field}`).toBe(true)
        expect(names, `${model}.${field}`).toContain(nesting.model)
      }
  })

  it('the field lists the rules check (from the JSON Schemas) are those of MODELS names', async () => {
    expect(names).toEqual(expect.arrayContaining(Object.keys(await knownFields())))
  })

  it("the null-value rule reports exactly MODELS' primitives, each with MODELS' default, at every nesting level", async () => {
    // every field of a model null, except the ones that lead to the next model
    const nulls = (model: ModelName, keep: JsonObject = {}): JsonObject => ({
      ...Object.fromEntries(Object.keys(MODELS[model].fields).map((f) => [f, null])),
      ...keep,
    })
    const raw = nulls('workflowDef', {
      tasks: [
        nulls('workflowTask'),
        {name: 't', taskReferenceName: 't1', taskDefinition: nulls('taskDef', {inputSchema: nulls('schemaDef')})},
        {name: 't', taskReferenceName: 't2', subWorkflowParam: nulls('subWorkflowParams')},
        {name: 't', taskReferenceName: 't3', cacheConfig: nulls('cacheConfig')},
      ],
      rateLimitConfig: nulls('rateLimitConfig'),
      outputSchema: nulls('schemaDef'),
    })
    const placed: [string, ModelName][] = [
      ['', 'workflowDef'],
      ['tasks.0.', 'workflowTask'],
      ['tasks.1.taskDefinition.', 'taskDef'],
      ['tasks.1.taskDefinition.inputSchema.', 'schemaDef'],
      ['tasks.2.subWorkflowParam.', 'subWorkflowParams'],
      ['tasks.3.cacheConfig.', 'cacheConfig'],
      ['rateLimitConfig.', 'rateLimitConfig'],
      ['outputSchema.', 'schemaDef'],
    ]
    const expected = placed.flatMap(([at, model]) =>
      (MODELS[model].primitives ?? []).map((f) => `${at}${f} default ${String(MODELS[model].fields[f])}`),
    )
    const ctx = {known: await knownFields(), taskDefs: new Map()}
    const found = workflowFindings(raw, wireBody('workflowDef', raw) as JsonObject, ctx)
      .filter((f) => f.rule === 'null-value')
      .map((f) => `${f.path.join('.')} default ${/not the default (\S+);/.exec(f.message)?.[1]}`)
    expect(found.sort()).toEqual(expected.sort())
    expect(expected.length).toBeGreaterThan(20)
  })

  it('no other module keeps its own table of the models, its own Json type or its own isObject', () => {
    const others = [...sources('src/lib'), ...sources('src/commands')].filter(
      (f) => !f.endsWith('.generated.ts') && !f.endsWith('definitions/model.ts') && !f.endsWith('lib/json.ts'),
    )
    const offences: string[] = []
    for (const file of others) {
      const text = readFileSync(file, 'utf8')
      const check = (re: RegExp, what: string) => re.test(text) && offences.push(`${file}: ${what}`)
      // the JSON Schemas' definition names are read in schema.ts only (client/ uses the OpenAPI document's)
      if (file.includes('lib/definitions/') && !file.endsWith('definitions/schema.ts'))
        check(
          /'(WorkflowDef|WorkflowTask|TaskDef|SubWorkflowParams|SchemaDef|CacheConfig|RateLimitConfig|StateChangeEvent)'/,
          'a model named outside MODELS',
        )
      check(/\{\s*model:\s*'/, 'a nesting table')
      check(/\btype Json\s*=/, 'a Json type')
      check(/\b(const|function) isObject\b/, 'an isObject')
    }
    expect(offences).toEqual([])
  })
})

describe('walkModels, the one walk', () => {
  const doc: Json = {
    name: 'w',
    tasks: [
      {
        name: 's',
        taskReferenceName: 's',
        type: 'SWITCH',
        defaultCase: [{name: 'd', taskReferenceName: 'd'}],
        decisionCases: {b: [{name: 'c', taskReferenceName: 'c', taskDefinition: {name: 'c'}}]},
      },
      {name: 'f', taskReferenceName: 'f', forkTasks: [[], [{name: 'x', taskReferenceName: 'x'}]], loopOver: 'no list'},
      {name: 'sub', taskReferenceName: 'sub', subWorkflowParam: {workflowDefinition: {name: 'inner', tasks: [{}]}}},
    ],
    cacheConfig: {key: 'k'},
  }
  const visits = (order: 'written' | 'declared') => {
    const seen: string[] = []
    walkModels(
      'workflowDef',
      doc,
      {
        order,
        enter: ({model, path, field}, depth: number) => {
          seen.push(`${depth} ${model} ${path.join('.')} ${field ?? '-'}`)
          return depth + 1
        },
      },
      0,
    )
    return seen
  }

  it('visits every nested model object with its model, its path, its field and its parent`s context', () => {
    expect(visits('declared')).toEqual([
      '0 workflowDef  -',
      '1 workflowTask tasks.0 tasks',
      '2 workflowTask tasks.0.decisionCases.b.0 decisionCases',
      '3 taskDef tasks.0.decisionCases.b.0.taskDefinition taskDefinition',
      '2 workflowTask tasks.0.defaultCase.0 defaultCase',
      '1 workflowTask tasks.1 tasks',
      '2 workflowTask tasks.1.forkTasks.1.0 forkTasks',
      '1 workflowTask tasks.2 tasks',
      '2 subWorkflowParams tasks.2.subWorkflowParam subWorkflowParam',
      '3 workflowDef tasks.2.subWorkflowParam.workflowDefinition workflowDefinition',
      '4 workflowTask tasks.2.subWorkflowParam.workflowDefinition.tasks.0 tasks',
      '1 cacheConfig cacheConfig cacheConfig',
    ])
  })

  it('follows the document`s own field order when asked (findings follow the file)', () => {
    expect(visits('written').slice(1, 5)).toEqual([
      '1 workflowTask tasks.0 tasks',
      '2 workflowTask tasks.0.defaultCase.0 defaultCase',
      '2 workflowTask tasks.0.decisionCases.b.0 decisionCases',
      '3 taskDef tasks.0.decisionCases.b.0.taskDefinition taskDefinition',
    ])
  })

  it('a field named like an Object.prototype member nests nothing (wireBody used to crash on it)', () => {
    const odd = JSON.parse('{"name":"w","tasks":[],"constructor":{"x":[{"b":1}]},"toString":[{"y":null}]}') as Json
    expect(wireBody('workflowDef', odd)).toEqual(odd)
    const normal = normalise('workflowDef', odd) as JsonObject
    expect([Object.hasOwn(normal, 'constructor'), Object.hasOwn(normal, 'toString')]).toEqual([false, false])
  })
})
