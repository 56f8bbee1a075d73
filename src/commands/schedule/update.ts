import ScheduleCreate from './create.js'

export default class ScheduleUpdate extends ScheduleCreate {
  static override summary = 'Update an existing schedule from a JSON/YAML file, stdin, or flags.'
  static override description = `As \`schedule create\`, for a schedule that exists (exit 4 otherwise). Prints nothing on success.`
  static override examples = [
    '<%= config.bin %> schedule update schedule.json',
    '<%= config.bin %> schedule update -n my_schedule -c "0 0 12 ? * *" -w hello_world',
  ]
  static override mode: 'create' | 'update' = 'update'
}
