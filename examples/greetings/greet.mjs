// The `greet` worker: `conductor worker exec greet -- node examples/greetings/greet.mjs`
// runs it once per task, with the task input as JSON on stdin; what it prints is the task result.
import {text} from 'node:stream/consumers'

const input = JSON.parse((await text(process.stdin)) || '{}')
const name = input.name ?? 'World'
console.log(JSON.stringify({output: {greeting: `Hello ${name}`}}))
