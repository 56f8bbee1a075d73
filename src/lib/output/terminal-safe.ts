/**
 * Names and messages from a server (or a file) can carry terminal control sequences: a window
 * title, a cleared screen, a hidden line, a reordered one (bidi overrides). Human output and CSV
 * show them escaped (`\x1b`, `\u202e`); JSON and YAML keep the data exact (their own escaping).
 */
// C0 except tab and newline, DEL, C1, and the bidi embedding/override/isolate characters
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g
const HAS_CONTROL = new RegExp(CONTROL.source)
// Select Graphic Rendition (colour) sequences, which our own output uses
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g

function escapeOne(ch: string): string {
  const code = ch.charCodeAt(0)
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** Every control character escaped: for table cells and CSV fields, which never carry our colours. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, escapeOne)
}

/**
 * The same for whole lines, keeping colour (SGR) sequences: lines mix our colours with data, and
 * colour is the one thing a sequence in data can do that does not move, hide or rewrite text.
 */
export function terminalSafe(text: string): string {
  if (!HAS_CONTROL.test(text)) return text
  let out = ''
  let last = 0
  for (const match of text.matchAll(SGR)) {
    out += escapeControl(text.slice(last, match.index)) + match[0]
    last = match.index + match[0].length
  }
  return out + escapeControl(text.slice(last))
}
