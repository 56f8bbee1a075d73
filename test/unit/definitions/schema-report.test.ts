import {readFileSync} from 'node:fs'
import {Ajv} from 'ajv'
import addFormatsModule from 'ajv-formats'
import {describe, expect, it} from 'vitest'
import {expressionsIn, isValidDuration, isValidPath, isValidUntil} from '../../../src/lib/definitions/expressions.js'
import {formatGithub, formatHuman, type ValidationReport} from '../../../src/lib/definitions/report.js'
import {loadSchema, schemaFile} from '../../../src/lib/definitions/schema.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void

describe('the JSON Schemas', () => {
  it('compile in ajv strict mode', async () => {
    const ajv = new Ajv({strict: true})
    addFormats(ajv)
    for (const kind of ['workflow', 'task'] as const)
      expect(() => ajv.compile(JSON.parse(readFileSync(schemaFile(kind), 'utf8')))).not.toThrow()
  })

  it('embed the same task definition fields as the task schema, and describe every property', async () => {
    const [workflow, task] = await Promise.all([loadSchema('workflow'), loadSchema('task')])
    expect(Object.keys(workflow.definitions!.TaskDef!.properties!).sort()).toEqual(Object.keys(task.properties!).sort())
    const undescribed: string[] = []
    const walk = (schema: unknown, path: string) => {
      if (!schema || typeof schema !== 'object') return
      const s = schema as Record<string, unknown>
      for (const [key, prop] of Object.entries((s.properties as Record<string, Record<string, unknown>>) ?? {}))
        if (
          typeof prop === 'object' &&
          !prop.description &&
          !prop.$ref &&
          !path.includes('/then') &&
          !path.includes('/if') &&
          !path.includes('/anyOf')
        )
          undescribed.push(`${path}/${key}`)
      for (const [k, v] of Object.entries(s)) if (k !== 'properties' && typeof v === 'object') walk(v, `${path}/${k}`)
    }
    walk(workflow, '#')
    walk(task, '#')
    expect(undescribed).toEqual([])
  })

  it('include the fields upstream schemas missed and are not stricter than the server', async () => {
    const [workflow, task] = await Promise.all([loadSchema('workflow'), loadSchema('task')])
    const wt = workflow.definitions!.WorkflowTask!.properties!
    for (const field of ['items', 'joinMode', 'metadata', 'dynamicForkJoinTasksParam']) expect(wt).toHaveProperty(field)
    expect(workflow.properties).toHaveProperty('failureWorkflowVersion')
    for (const field of ['runtimeMetadata', 'maxRetryDelaySeconds', 'backoffJitterMs', 'taskStatusListenerEnabled'])
      expect(task.properties).toHaveProperty(field)
    expect(JSON.stringify([workflow, task])).not.toContain('"format"')
    expect(JSON.stringify([workflow, task])).not.toContain('"additionalProperties":false')
  })
})

describe('expressions', () => {
  it('splits ${...} as the server does, honouring the $${ escape', () => {
    expect(expressionsIn('a ${x.output} b ${workflow.input.y}')).toEqual(['x.output', 'workflow.input.y'])
    expect(expressionsIn('$${not.this}')).toEqual([])
  })

  it('tells valid JSONPath from what the server rejects', () => {
    for (const ok of ['workflow.input.x', "w.input['a b']", 'w..x', 'w.x[0:2]', 'w.length()', 'w.x '])
      expect(isValidPath(ok), ok).toBe(true)
    for (const bad of ['a.output...status', 'w.input.', ' w.x', 'w.input.a b', 'w.x[0', 'w.x[]', ''])
      expect(isValidPath(bad), bad).toBe(false)
  })

  it('parses WAIT literals like the server', () => {
    expect(['30s', '1 days 2h', '10 minutes', '2d 3 hrs 4m 5secs'].every(isValidDuration)).toBe(true)
    expect(['soon', '10', '5 weeks'].some(isValidDuration)).toBe(false)
    expect(['2030-01-31', '2030-01-31 14:30', '2030-01-31 14:30 UTC'].every(isValidUntil)).toBe(true)
    expect(isValidUntil('31/01/2030')).toBe(false)
  })
})

describe('report formats', () => {
  const report: ValidationReport = {
    files: ['a.json', 'b.yaml'],
    definitions: [{file: 'a.json', pointer: '$', kind: 'workflow', name: 'w'}],
    problems: [
      {
        file: 'a.json',
        line: 3,
        column: 5,
        path: '$.tasks',
        rule: 'schema',
        severity: 'error',
        message: 'tasks must not be empty',
        definition: 'w',
      },
      {file: 'b,c.yaml', path: '$.x', rule: 'parse', severity: 'warning', message: '50% done\nnext'},
    ],
    summary: {files: 2, definitions: 1, errors: 1, warnings: 1},
  }

  it('prints one line per problem (file:line:col, JSON path, severity, message, rule), grouped by file, then the summary', () => {
    expect(formatHuman(report)).toBe(
      'a.json:3:5  $.tasks  error  tasks must not be empty  (schema)\n\nb,c.yaml  $.x  warning  50% done next  (parse)\n\n2 files, 1 definition: 1 error, 1 warning\n',
    )
  })

  it('prints GitHub Actions annotations with escaped properties and messages', () => {
    expect(formatGithub(report).split('\n')).toEqual([
      '::error file=a.json,line=3,col=5,title=schema::tasks must not be empty',
      '::warning file=b%2Cc.yaml,title=parse::50%25 done%0Anext',
      '2 files, 1 definition: 1 error, 1 warning',
      '',
    ])
  })
})
