// Keeps the unit tests pure: starting a process, opening a connection or listening
// throws, so a test that needs real parts fails here and belongs in
// __tests__/integration/. The guard sits on the socket handles under net.Socket, so
// nock (which swaps the handle of the sockets it answers) still works.
import childProcess from 'node:child_process'
import { syncBuiltinESMExports } from 'node:module'
import net from 'node:net'

function forbidden(what: string): never {
  throw new Error(`unit tests are pure: ${what} is not allowed here (move the test to __tests__/integration/)`)
}

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  ;(childProcess as unknown as Record<string, unknown>)[name] = () => forbidden(`child_process.${name}`)
}
syncBuiltinESMExports()
// Said at once, where the test calls it (the handle guards below fire a tick later).
net.Server.prototype.listen = () => forbidden('a listening server')

type Handle = { prototype: Record<string, unknown> }
const binding = (process as unknown as { binding: unknown }).binding as (name: string) => Record<string, Handle>
const noDeprecation = process.noDeprecation
process.noDeprecation = true
export const handles = [binding('tcp_wrap')['TCP']!, binding('pipe_wrap')['Pipe']!, binding('udp_wrap')['UDP']!]
process.noDeprecation = noDeprecation
for (const handle of handles) {
  for (const method of ['connect', 'connect6', 'listen', 'bind', 'bind6', 'send', 'send6']) {
    if (typeof handle.prototype[method] === 'function')
      handle.prototype[method] = () => forbidden(`a socket (${method})`)
  }
}
