/** `order*` → /^order.*$/i : the wildcard filters users type for names. */
export function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')
  return new RegExp(`^${escaped}$`, 'i')
}

export function formatTime(value: unknown): string {
  return typeof value === 'number' && value > 0 ? new Date(value).toISOString().replace(/\.\d+Z$/, 'Z') : ''
}
