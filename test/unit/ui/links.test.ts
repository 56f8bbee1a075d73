import {describe, expect, it} from 'vitest'
import {
  browserCommand,
  executionLink,
  looksLikeExecutionId,
  uiBase,
  workflowDefLink,
} from '../../../src/lib/ui/links.js'

describe('UI links', () => {
  it('the UI root is the API URL without /api, credentials, query or trailing slashes', () => {
    expect(uiBase('http://localhost:8080/api')).toBe('http://localhost:8080')
    expect(uiBase('http://localhost:8080/api/')).toBe('http://localhost:8080')
    expect(uiBase('https://user:pw@conductor.example.com/prefix/api?x=1')).toBe('https://conductor.example.com/prefix')
    expect(uiBase('http://127.0.0.1:8220')).toBe('http://127.0.0.1:8220')
  })

  it('routes of the UI: /execution/ID and /workflowDef/NAME[/VERSION], encoded', () => {
    expect(executionLink('http://h', 'a-b')).toBe('http://h/execution/a-b')
    expect(workflowDefLink('http://h', 'my flow/x')).toBe('http://h/workflowDef/my%20flow%2Fx')
    expect(workflowDefLink('http://h', 'f', '3')).toBe('http://h/workflowDef/f/3')
    expect(looksLikeExecutionId('b6382331-4153-4e43-a72f-5fcf88ab17dd')).toBe(true)
    expect(looksLikeExecutionId('order_flow')).toBe(false)
    expect(browserCommand('linux').command).toBe('xdg-open')
    expect(browserCommand('darwin').command).toBe('open')
  })
})
