import ExecutionGet from './execution/get.js'

/** Shorthand for `execution get`. */
export default class Status extends ExecutionGet {
  static override summary = 'Show an execution (same as `execution get`).'
  static override examples = [
    '<%= config.bin %> status 3f1c…',
    'id=$(<%= config.bin %> run my_flow) && <%= config.bin %> status "$id"',
  ]
}
