import {isObject, type Json} from '../model.js'
import {branchesOf, describeTask, taskType} from './build.js'

/**
 * An indented tree for terminals: each task with its type, and under forks, switches and loops
 * their branches. Follows the definition's nesting, not the flattened graph.
 */
export function toTextTree(workflow: Json): string {
  const doc = isObject(workflow) ? workflow : {}
  const title = `${typeof doc.name === 'string' ? doc.name : '(unnamed)'}${typeof doc.version === 'number' ? ` v${doc.version}` : ''}`
  const lines = [title]
  const walk = (tasks: Json[], indent: string) => {
    if (tasks.length === 0) lines.push(`${indent}└── (nothing)`)
    tasks.forEach((value, i) => {
      const last = i === tasks.length - 1
      const task = isObject(value) ? value : {}
      const ref = typeof task.taskReferenceName === 'string' ? task.taskReferenceName : '?'
      lines.push(`${indent}${last ? '└── ' : '├── '}${ref}  ${describeTask(task)}`)
      const inner = indent + (last ? '    ' : '│   ')
      const branches = branchesOf(task)
      // a loop body hangs directly under its DO_WHILE
      if (taskType(task) === 'DO_WHILE') return walk(branches[0]?.tasks ?? [], inner)
      branches.forEach((b, j) => {
        const lastBranch = j === branches.length - 1
        const label =
          taskType(task) === 'FORK_JOIN'
            ? b.label
            : b.label === 'default'
              ? 'default'
              : `case ${JSON.stringify(b.label)}`
        lines.push(`${inner}${lastBranch ? '└── ' : '├── '}${label}`)
        walk(b.tasks, inner + (lastBranch ? '    ' : '│   '))
      })
    })
  }
  walk(Array.isArray(doc.tasks) ? doc.tasks : [], '')
  return lines.join('\n') + '\n'
}
