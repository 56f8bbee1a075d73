// Prints the README's "Exit codes" table from the code's one table (dist/lib/errors.js; run after the build).
// test/unit/command/exit-codes.test.ts fails when the README and the code disagree.
import {EXIT_CODES, EXIT_CODE_DOCS} from '../dist/lib/errors.js'

const rows = Object.entries(EXIT_CODES).map(([kind, code]) => `| ${code} | \`${kind}\` | ${EXIT_CODE_DOCS[kind]} |`)
process.stdout.write(['| Code | Kind | Meaning |', '|---|---|---|', ...rows].join('\n') + '\n')
