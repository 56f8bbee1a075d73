import {buildObject, readObjectFile} from './input.js'
import type {InputChange, RerunOptions} from './rerun.js'

/** One input's flags: KEY=VALUE changes, keys to remove, a file that replaces it. */
export interface InputFlags {
  set?: string[] | undefined
  unset?: string[] | undefined
  file?: string | undefined
}

/**
 * The rerun's options from its flags: every KEY=VALUE is checked and every file read before anything
 * is asked or sent. `replace` (--replace-input) starts an input from nothing when it has changes.
 */
export async function rerunOptions(
  fromTask: string | undefined,
  task: InputFlags,
  workflow: InputFlags,
  replace: boolean,
): Promise<RerunOptions> {
  await buildObject(task.set ?? [], '--task-input')
  await buildObject(workflow.set ?? [], '--workflow-input')
  return {
    fromTask,
    taskInput: await change(task, replace, '--task-input-file'),
    workflowInput: await change(workflow, replace, '--workflow-input-file'),
  }
}

async function change(flags: InputFlags, replace: boolean, fileFlag: string): Promise<InputChange> {
  const set = flags.set ?? []
  return {
    set,
    unset: flags.unset,
    replaceWith: flags.file === undefined ? undefined : await readObjectFile(flags.file, fileFlag),
    replace: replace && set.length > 0,
  }
}
