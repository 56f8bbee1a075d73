/** "Terminate execution a?" / "Terminate 5 executions a, b, c and 2 more?" */
export function question(verb: string, ids: readonly string[]): string {
  const shown = ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`
  return `${verb[0]?.toUpperCase()}${verb.slice(1)} ${ids.length === 1 ? 'execution' : `${ids.length} executions`} ${shown}?`
}
