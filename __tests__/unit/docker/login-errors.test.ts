// The pure classification of docker's and podman's output. The texts are what
// docker 28 and podman 4.3 printed against loopback servers here (a registry,
// a closed port, 5xx and 429 servers, a silent port, fake credential helpers),
// plus daemon-side texts as docker reports them through a daemon (from public
// bug reports). docker.test.ts checks the same against the real clients.
import { describe, expect, it } from 'vitest'
import {
  classifyFailure,
  describeDockerHost,
  errorLine,
  helperFromConfig,
  isNotLoggedIn,
  isRetryable,
  type FailureKind
} from '../../../src/docker/login-errors.js'

const note = (endpoint: string, error: string): string =>
  `time="2026-11-26T00:36:46Z" level=info msg="Error logging in to endpoint, trying next endpoint" endpoint="{false ${endpoint} false false false 0xc0004505a0}" error="${error.replace(/"/g, '\\"')}"`

const DOCKER_401 = [
  note('https://127.0.0.1:5123', 'Get "https://127.0.0.1:5123/v2/": http: server gave HTTP response to HTTPS client'),
  note('http://127.0.0.1:5123', 'login attempt to http://127.0.0.1:5123/v2/ failed with status: 401 Unauthorized'),
  'login attempt to http://127.0.0.1:5123/v2/ failed with status: 401 Unauthorized'
].join('\n')

const DOCKER_REFUSED_PORT = [
  note(
    'https://127.0.0.1:5999',
    'Get "https://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused'
  ),
  note(
    'http://127.0.0.1:5999',
    'Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused'
  ),
  'Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused'
].join('\n')

const DOCKER_NO_HOST = [
  note(
    'https://registry.invalid',
    'Get "https://registry.invalid/v2/": dial tcp: lookup registry.invalid on 127.0.0.53:53: no such host'
  ),
  'Get "https://registry.invalid/v2/": dial tcp: lookup registry.invalid on 127.0.0.53:53: no such host'
].join('\n')

const DOCKER_SILENT = [
  note('https://127.0.0.1:5125', 'Get "https://127.0.0.1:5125/v2/": net/http: TLS handshake timeout'),
  'Get "http://127.0.0.1:5125/v2/": context deadline exceeded'
].join('\n')

const status = (code: string): string =>
  [
    note('https://127.0.0.1:5124', 'Get "https://127.0.0.1:5124/v2/": http: server gave HTTP response to HTTPS client'),
    `login attempt to http://127.0.0.1:5124/v2/ failed with status: ${code}`
  ].join('\n')

const PODMAN_CREDS =
  'Error: get credentials: 1 error occurred:\n\t* error getting credentials - err: exit status 1, out: `failing helper: keychain locked`\n\n\n'

describe('classifyFailure', () => {
  it.each<[string, string, FailureKind, RegExp]>([
    [
      'docker: 401 from a registry (client-side login)',
      DOCKER_401,
      'credentials',
      /failed with status: 401 Unauthorized$/
    ],
    [
      'docker through a daemon: quay refusing a robot password',
      'Error response from daemon: Get "https://quay.io/v2/": unauthorized: incorrect username or password',
      'credentials',
      /unauthorized: incorrect username or password/
    ],
    [
      'docker through a daemon: authentication required',
      'Error response from daemon: Get "https://harbor.example/v2/": unauthorized: authentication required',
      'credentials',
      /authentication required/
    ],
    [
      'podman: 401',
      'Error: logging into "127.0.0.1:5123": invalid username/password\n',
      'credentials',
      /invalid username\/password/
    ],
    ['docker: 503', status('503 Service Unavailable'), 'unavailable', /503 Service Unavailable$/],
    ['docker: 500', status('500 Internal Server Error'), 'unavailable', /500/],
    ['docker: 502', status('502 Bad Gateway'), 'unavailable', /502 Bad Gateway/],
    ['docker: 429', status('429 Too Many Requests'), 'unavailable', /429/],
    [
      'docker through a daemon: 502 from quay',
      'Error response from daemon: received unexpected HTTP status: 502 Bad Gateway',
      'unavailable',
      /502/
    ],
    [
      'docker through a daemon: a login attempt answered 502',
      'Error response from daemon: login attempt to http://127.0.0.1:5000/v2/ failed with status: 502 Bad Gateway',
      'unavailable',
      /502/
    ],
    ['docker: a closed port', DOCKER_REFUSED_PORT, 'unavailable', /connection refused$/],
    ['docker: a name that does not resolve', DOCKER_NO_HOST, 'unavailable', /no such host$/],
    ['docker: a port that never answers', DOCKER_SILENT, 'unavailable', /context deadline exceeded$/],
    [
      'docker through a daemon: a request timeout',
      'Error response from daemon: Get "https://quay.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      'unavailable',
      /Client\.Timeout/
    ],
    [
      'docker through a daemon: i/o timeout',
      'Error response from daemon: Get "https://quay.io/v2/": dial tcp 127.0.0.1:443: i/o timeout',
      'unavailable',
      /i\/o timeout/
    ],
    [
      'podman: 503',
      'Error: authenticating creds for "127.0.0.1:5124": pinging container registry 127.0.0.1:5124: invalid status code from registry 503 (Service Unavailable)\n',
      'unavailable',
      /503/
    ],
    [
      'podman: 502',
      'Error: authenticating creds for "127.0.0.1:5127": pinging container registry 127.0.0.1:5127: invalid status code from registry 502 (Bad Gateway)\n',
      'unavailable',
      /502/
    ],
    [
      'podman: 429',
      'Error: authenticating creds for "127.0.0.1:5128": pinging container registry 127.0.0.1:5128: too many requests to registry\n',
      'unavailable',
      /too many requests/
    ],
    [
      'podman: a closed port',
      'Error: authenticating creds for "127.0.0.1:5999": pinging container registry 127.0.0.1:5999: Get "https://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused\n',
      'unavailable',
      /connection refused/
    ],
    [
      'docker: no daemon at DOCKER_HOST (daemon-side login)',
      'Cannot connect to the Docker daemon at tcp://127.0.0.1:2375. Is the docker daemon running?',
      'daemon',
      /Cannot connect/
    ],
    [
      'docker: a 403 from the registry is not blamed on anything in particular',
      'Error response from daemon: Get "https://quay.io/v2/": denied: access forbidden',
      'other',
      /denied/
    ],
    ['nothing printed at all', '', 'other', /^no output$/]
  ])('%s', (_name, stderr, kind, line) => {
    const f = classifyFailure(stderr)
    expect(f.kind).toBe(kind)
    expect(f.line).toMatch(line)
    expect(f.line).not.toContain('level=info')
  })

  it('docker: a credsStore helper that is not installed (named by the output)', () => {
    const f = classifyFailure(
      'Error saving credentials: error storing credentials - err: exec: "docker-credential-nope": executable file not found in $PATH, out: ``\n'
    )
    expect(f).toEqual({
      kind: 'helper',
      helper: 'nope',
      helperMissing: true,
      helperStage: 'store',
      line: 'Error saving credentials: error storing credentials - err: exec: "docker-credential-nope": executable file not found in $PATH, out: ``'
    })
  })

  it('docker: a helper that fails (not named by the output)', () => {
    const f = classifyFailure(
      'Error saving credentials: error storing credentials - err: exit status 1, out: `failing helper: keychain locked`\n'
    )
    expect(f.kind).toBe('helper')
    expect(f.helper).toBeUndefined()
    expect(f.helperMissing).toBe(false)
    expect(f.helperStage).toBe('store')
  })

  it('podman: a helper that fails while getting credentials; the list of causes is one line', () => {
    const f = classifyFailure(PODMAN_CREDS)
    expect(f.kind).toBe('helper')
    expect(f.helperStage).toBe('get')
    expect(f.helperMissing).toBe(false)
    expect(f.line).toBe(
      'Error: get credentials: 1 error occurred: * error getting credentials - err: exit status 1, out: `failing helper: keychain locked`'
    )
  })

  it('podman: a helper that is not there', () => {
    const f = classifyFailure(
      'Error: get credentials: 1 error occurred:\n\t* error getting credentials - err: docker-credential-nope resolves to executable in current directory (./docker-credential-nope), out: ``\n'
    )
    expect(f).toMatchObject({ kind: 'helper', helper: 'nope', helperMissing: true, helperStage: 'get' })
  })

  it('a helper that quotes a 401 is still the helper', () => {
    const f = classifyFailure('error getting credentials - err: exit status 1, out: `401 Unauthorized from vault`')
    expect(f.kind).toBe('helper')
  })

  it('retries only what may pass', () => {
    expect(isRetryable('unavailable')).toBe(true)
    expect(isRetryable('daemon')).toBe(true)
    expect(isRetryable('credentials')).toBe(false)
    expect(isRetryable('helper')).toBe(false)
    expect(isRetryable('other')).toBe(false)
  })
})

describe('errorLine', () => {
  it.each<[string, string, string, string]>([
    [
      'an Error line',
      'Login did not succeed\nError response from daemon: unauthorized: bad\n',
      '',
      'Error response from daemon: unauthorized: bad'
    ],
    ['the last of several Error lines', 'Error: first\nsomething\nError: second\nfinal words\n', '', 'Error: second'],
    ['the last line without any Error', 'one\ntwo\n  three  \n\n', '', 'three'],
    ['from stdout when stderr is empty', '', 'x\nerror: from stdout\n', 'error: from stdout'],
    ['nothing at all', '', '', 'no output'],
    ['CRLF lines', 'a\r\nError: windows\r\n', '', 'Error: windows'],
    [
      "docker's verdict, not its notes",
      DOCKER_401,
      '',
      'login attempt to http://127.0.0.1:5123/v2/ failed with status: 401 Unauthorized'
    ],
    [
      'a logrus error entry when that is all there is',
      'time="2026-01-01T00:00:00Z" level=info msg="note"\ntime="2026-01-01T00:00:00Z" level=error msg="bad thing"\n',
      '',
      'time="2026-01-01T00:00:00Z" level=error msg="bad thing"'
    ]
  ])('picks %s', (_name, stderr, stdout, expected) => {
    expect(errorLine(stderr, stdout)).toBe(expected)
  })

  it('cuts a very long line to 300 characters', () => {
    const line = errorLine(`Error: ${'x'.repeat(1000)}`)
    expect(line).toHaveLength(300)
    expect(line.endsWith('...')).toBe(true)
  })

  it('strips ANSI escapes, controls and bidi overrides that a server could put in its answer', () => {
    const line = errorLine('Error: \u001b[31mred\u001b[0m \u202eevil\u202c \u0007bell \u009b31mc1')
    expect(line).toBe('Error: red evil bell c1')
  })
})

describe('isNotLoggedIn', () => {
  it('recognises podman and docker saying there is no login', () => {
    expect(isNotLoggedIn('Error: not logged into 127.0.0.1:5123\n')).toBe(true)
    expect(isNotLoggedIn('', 'Not logged in to 127.0.0.1:5123\n')).toBe(true)
    expect(isNotLoggedIn('Error: checking authfile: stat /tmp/x/auth.json: no such file or directory\n')).toBe(true)
    expect(isNotLoggedIn('Error: something else\n')).toBe(false)
  })
})

describe('helperFromConfig', () => {
  const file = '/home/runner/.docker/config.json'
  it('names credHelpers for the registry before credsStore', () => {
    const text = JSON.stringify({ credsStore: 'desktop', credHelpers: { 'quay.io': 'ecr-login' } })
    expect(helperFromConfig(text, 'quay.io', file)).toEqual({
      name: 'ecr-login',
      setting: '"credHelpers": {"quay.io": "ecr-login"}',
      file
    })
    expect(helperFromConfig(text, 'other.io', file)).toEqual({
      name: 'desktop',
      setting: '"credsStore": "desktop"',
      file
    })
  })
  it('nothing for a config without a helper, no file, or a broken file', () => {
    expect(helperFromConfig('{"auths":{}}', 'quay.io', file)).toBeUndefined()
    expect(helperFromConfig(undefined, 'quay.io', file)).toBeUndefined()
    expect(helperFromConfig('{not json', 'quay.io', file)).toBeUndefined()
    expect(helperFromConfig('null', 'quay.io', file)).toBeUndefined()
  })
  it('ignores a helper name that could not be a program name', () => {
    expect(helperFromConfig(JSON.stringify({ credsStore: 'x\n::error::y' }), 'quay.io', file)).toBeUndefined()
  })
  it('reads a config with a byte-order mark', () => {
    expect(helperFromConfig('\uFEFF{"credsStore":"pass"}', 'quay.io', file)?.name).toBe('pass')
  })
})

describe('describeDockerHost', () => {
  it('keeps scheme, host and port; drops anything else', () => {
    expect(describeDockerHost('tcp://127.0.0.1:2375')).toBe('tcp://127.0.0.1:2375')
    expect(describeDockerHost('ssh://user:pw@build-host:22/x')).toBe('ssh://build-host:22')
    expect(describeDockerHost('unix:///var/run/docker.sock')).toBe('unix:///var/run/docker.sock')
    expect(describeDockerHost('')).toBeUndefined()
    expect(describeDockerHost(undefined)).toBeUndefined()
    expect(describeDockerHost('not a url')).toBe('an unreadable value')
  })
})
