import {describe, expect, it} from 'vitest'
import {askSaveQuestions, type Ask} from '../../../src/lib/config/save-prompts.js'
import {jwtClaims} from '../../../src/lib/client/token-cache.js'

/** Answers the questions in order from a list; records what was asked and the defaults offered. */
function scripted(answers: string[]): {ask: Ask; asked: string[]} {
  const asked: string[] = []
  const ask: Ask = async (question, defaultValue) => {
    asked.push(`${question} [${defaultValue}]`)
    const answer = answers.shift() ?? ''
    return answer === '' ? defaultValue : answer
  }
  return {ask, asked}
}

describe('config save questions (the Go CLI order and defaults)', () => {
  it('asks profile, server and type; OSS asks nothing about auth and clears it', async () => {
    const {ask, asked} = scripted(['dev', '', ''])
    const answers = await askSaveQuestions(ask, {}, {askProfile: true, note: () => {}})
    expect(asked).toEqual([
      'Profile name (empty for default) []',
      'Server URL [http://localhost:8080/api]',
      'Server type (OSS/Enterprise) [OSS]',
    ])
    expect(answers).toEqual({
      profile: 'dev',
      values: {
        server: 'http://localhost:8080/api',
        'server-type': 'OSS',
        'auth-key': '',
        'auth-secret': '',
        'auth-token': '',
      },
    })
  })
  it('Enterprise: offers the existing values (secrets as ****) and keeps them on an empty answer', async () => {
    const existing = {server: 'https://acme/api', 'server-type': 'Enterprise', 'auth-key': 'k', 'auth-secret': 's'}
    const {ask, asked} = scripted(['', '', '', '', ''])
    const answers = await askSaveQuestions(ask, existing, {askProfile: false, note: () => {}})
    expect(asked).toEqual([
      'Server URL [https://acme/api]',
      'Server type (OSS/Enterprise) [Enterprise]',
      'Choose [1]',
      'API Key [****]',
      'API Secret [****]',
    ])
    expect(answers.values).toMatchObject({'auth-key': 'k', 'auth-secret': 's', 'auth-token': ''})
    const token = await askSaveQuestions(
      scripted(['', 'Enterprise', '2', 'tok']).ask,
      {},
      {askProfile: false, note: () => {}},
    )
    expect(token.values).toMatchObject({'auth-token': 'tok', 'auth-key': ''})
  })
})

describe('jwtClaims', () => {
  it('reads the claims of a JWT without verifying it, and nothing from an opaque token', () => {
    const payload = Buffer.from(JSON.stringify({name: 'Ada', exp: 1})).toString('base64url')
    expect(jwtClaims(`e30.${payload}.sig`)).toEqual({name: 'Ada', exp: 1})
    expect(jwtClaims('opaque')).toBeUndefined()
    expect(jwtClaims('a.!!!.c')).toBeUndefined()
  })
})
