import { describe, expect, it } from 'vitest'
import { isLoopbackHost, transportProblem } from '../../../src/http/loopback.js'

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['127.255.255.255', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['::1', true],
    ['[::1]', true],
    ['0:0:0:0:0:0:0:1', true],
    ['128.0.0.1', false],
    ['127.0.0.256', false],
    ['127.0.0.1.example.com', false],
    ['10.0.0.1', false],
    ['api.deepgram.com', false],
    ['localhost.example.com', false],
    // Not guaranteed to resolve to loopback (glibc asks DNS).
    ['api.localhost', false],
    ['::2', false],
    ['0.0.0.0', false]
  ])('%j -> %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})

describe('transportProblem: where credentials may go', () => {
  it.each([
    ['https://api.deepgram.com/v1', undefined],
    ['http://127.0.0.1:8080', undefined],
    ['http://[::1]:8080', undefined],
    ['http://localhost', undefined],
    ['ftp://api.deepgram.com', 'not-http'],
    ['http://api.deepgram.com', 'plain-http'],
    ['http://127.0.0.1.example.com', 'plain-http'],
    ['https://user:pw@api.deepgram.com', 'user-info'],
    ['https://user@api.deepgram.com', 'user-info']
  ])('%s: %s', (url, expected) => {
    expect(transportProblem(new URL(url))).toBe(expected)
  })
})
