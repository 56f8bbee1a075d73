/**
 * Addresses in the server's UI. Conductor serves its UI at the same address as the API (the API
 * under /api); the UI's routes are /execution/ID and /workflowDef/NAME[/VERSION] (ui/src/App.jsx and
 * ui-next/src/routes/routes.tsx of conductor-oss/conductor; Orkes uses the same ones).
 */

/** The UI's root for an API URL (`http://localhost:8080/api` → `http://localhost:8080`). */
export function uiBase(serverUrl: string): string {
  const url = new URL(serverUrl)
  url.search = ''
  url.hash = ''
  url.username = ''
  url.password = ''
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '')
  return url.toString().replace(/\/+$/, '')
}

export type Link = (base: string, ...parts: string[]) => string

export const executionLink: Link = (base, id) => `${base}/execution/${encodeURIComponent(id ?? '')}`

export const workflowDefLink: Link = (base, name, version) =>
  `${base}/workflowDef/${encodeURIComponent(name ?? '')}${version ? `/${encodeURIComponent(version)}` : ''}`

/** Workflow ids are UUIDs; anything else given to `open` is taken as a definition name. */
export function looksLikeExecutionId(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)
}

/** The command that opens a URL in the browser on this platform (no shell: the URL is one argument). */
export function browserCommand(platform: NodeJS.Platform = process.platform): {command: string; args: string[]} {
  if (platform === 'darwin') return {command: 'open', args: []}
  if (platform === 'win32') return {command: 'rundll32', args: ['url.dll,FileProtocolHandler']}
  return {command: 'xdg-open', args: []}
}
