import SchedulePause from './pause.js'

export default class ScheduleResume extends SchedulePause {
  static override summary =
    'Resume paused schedules (one that runs already is left as it is). Prints nothing on success.'
  static override usage = 'schedule resume NAME...'
  static override mode: 'pause' | 'resume' = 'resume'
}
