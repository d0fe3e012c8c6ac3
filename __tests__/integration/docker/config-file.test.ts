// The docker config file on a real file system: where it goes, its modes, what
// it holds, and what the post step's removal will and will not delete.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  CONFIG_DIR_PREFIX,
  dockerConfigJson,
  removeDockerConfig,
  tempRoot,
  writeDockerConfig
} from '../../../src/docker/config-file.js'
import { tempDir } from '../../support/helpers.js'

const USER = 'deepgram+64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const SECRET = 'S3CRET+value/with=odd%chars'
const AUTH = Buffer.from(`${USER}:${SECRET}`).toString('base64')

let root: ReturnType<typeof tempDir>
beforeEach(() => {
  root = tempDir('dg-config-file-')
})
afterEach(() => root.remove())

const mode = (path: string): number => statSync(path).mode & 0o777

describe('dockerConfigJson', () => {
  it('exactly one login, for the registry, as docker login writes it', () => {
    expect(JSON.parse(dockerConfigJson('quay.io', USER, SECRET))).toEqual({ auths: { 'quay.io': { auth: AUTH } } })
  })
})

describe('writeDockerConfig', () => {
  it('a 0600 file in a new 0700 directory under the root, holding the login', () => {
    const written = writeDockerConfig('quay.io', USER, SECRET, root.path)
    expect(written.dir.startsWith(join(root.path, CONFIG_DIR_PREFIX))).toBe(true)
    expect(written.file).toBe(join(written.dir, 'config.json'))
    expect(mode(written.dir)).toBe(0o700)
    expect(mode(written.file)).toBe(0o600)
    expect(readdirSync(written.dir)).toEqual(['config.json'])
    expect(JSON.parse(readFileSync(written.file, 'utf8'))).toEqual({ auths: { 'quay.io': { auth: AUTH } } })
  })

  it('a new directory each time: two runs never share a file', () => {
    const a = writeDockerConfig('quay.io', USER, SECRET, root.path)
    const b = writeDockerConfig('quay.io', USER, SECRET, root.path)
    expect(a.dir).not.toBe(b.dir)
  })

  it('with a restrictive umask too, and a loose one cannot widen the modes', () => {
    const old = process.umask(0o000)
    try {
      const written = writeDockerConfig('quay.io', USER, SECRET, root.path)
      expect(mode(written.dir)).toBe(0o700)
      expect(mode(written.file)).toBe(0o600)
    } finally {
      process.umask(old)
    }
  })

  it('a root that does not exist: throws, leaves nothing behind', () => {
    expect(() => writeDockerConfig('quay.io', USER, SECRET, join(root.path, 'missing'))).toThrow(/ENOENT/)
    expect(readdirSync(root.path)).toEqual([])
  })

  it('RUNNER_TEMP is the root; the system temp directory without it', () => {
    expect(tempRoot({ RUNNER_TEMP: root.path })).toBe(root.path)
    expect(tempRoot({ RUNNER_TEMP: '' })).not.toBe('')
    expect(tempRoot({})).not.toBe('')
  })
})

describe('removeDockerConfig', () => {
  it('deletes the file and its directory; a second time it is gone', () => {
    const written = writeDockerConfig('quay.io', USER, SECRET, root.path)
    expect(removeDockerConfig(written.dir, root.path)).toBe('deleted')
    expect(existsSync(written.dir)).toBe(false)
    expect(readdirSync(root.path)).toEqual([])
    expect(removeDockerConfig(written.dir, root.path)).toBe('gone')
  })

  it('refuses any directory it did not make: another name, a relative path', () => {
    const other = join(root.path, 'workspace')
    mkdirSync(other)
    writeFileSync(join(other, 'keep'), 'x')
    expect(removeDockerConfig(other, root.path)).toBe('refused')
    expect(removeDockerConfig(`${CONFIG_DIR_PREFIX}abc`, root.path)).toBe('refused')
    expect(removeDockerConfig('/', root.path)).toBe('refused')
    expect(existsSync(join(other, 'keep'))).toBe(true)
  })

  // The path comes back through the saved state, which anything that sets the step's environment can set.
  describe('refuses a path the state could name that the action never made', () => {
    let victim: string
    beforeEach(() => {
      victim = join(root.path, 'victim')
      mkdirSync(victim)
      writeFileSync(join(victim, 'keep'), 'x')
    })

    it('a link with the prefix to another directory, with or without a trailing slash', () => {
      const link = join(root.path, `${CONFIG_DIR_PREFIX}x`)
      symlinkSync(victim, link)
      for (const dir of [link, `${link}/`, `${link}//`]) expect(removeDockerConfig(dir, root.path), dir).toBe('refused')
      expect(readdirSync(victim)).toEqual(['keep'])
      expect(lstatSync(link).isSymbolicLink()).toBe(true)
    })

    it('a directory with the prefix that is not directly under the root, or reached through `..`', () => {
      const deeper = join(victim, `${CONFIG_DIR_PREFIX}x`)
      mkdirSync(deeper)
      writeFileSync(join(deeper, 'keep'), 'x')
      expect(removeDockerConfig(deeper, root.path)).toBe('refused')
      expect(removeDockerConfig(`${root.path}/victim/../victim/${CONFIG_DIR_PREFIX}x`, root.path)).toBe('refused')
      expect(existsSync(join(deeper, 'keep'))).toBe(true)
    })

    it('a directory under the root reached through a linked parent: only the real root counts', () => {
      const outside = tempDir('dg-config-outside-')
      try {
        const made = join(outside.path, `${CONFIG_DIR_PREFIX}x`)
        mkdirSync(made)
        writeFileSync(join(made, 'keep'), 'x')
        symlinkSync(outside.path, join(root.path, 'via'))
        expect(removeDockerConfig(join(root.path, 'via', `${CONFIG_DIR_PREFIX}x`), root.path)).toBe('refused')
        expect(existsSync(join(made, 'keep'))).toBe(true)
        // The root itself may be a link: what counts is where it leads.
        expect(removeDockerConfig(made, join(root.path, 'via'))).toBe('deleted')
        expect(existsSync(made)).toBe(false)
      } finally {
        outside.remove()
      }
    })

    it('a file with the prefix', () => {
      const file = join(root.path, `${CONFIG_DIR_PREFIX}file`)
      writeFileSync(file, 'x')
      expect(removeDockerConfig(file, root.path)).toBe('refused')
      expect(existsSync(file)).toBe(true)
    })
  })
})

describe('tempRoot', () => {
  it('a relative RUNNER_TEMP is made absolute, from the working directory', () => {
    expect(tempRoot({ RUNNER_TEMP: 'runner-temp' })).toBe(join(process.cwd(), 'runner-temp'))
    expect(tempRoot({ RUNNER_TEMP: './a/../b' })).toBe(join(process.cwd(), 'b'))
  })
})
