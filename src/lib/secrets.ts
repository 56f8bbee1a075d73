/**
 * Every secret value this process has seen (key secrets, given and issued tokens), so that every
 * output path can redact them: the client records what it learns, output/redact.ts reads the list.
 */
const known = new Set<string>()

/** Values shorter than 4 characters are not recorded: redacting them would mangle ordinary text. */
export function rememberSecret(value: string | undefined): void {
  if (value && value.length >= 4) known.add(value)
}

export function knownSecrets(): string[] {
  return [...known]
}
