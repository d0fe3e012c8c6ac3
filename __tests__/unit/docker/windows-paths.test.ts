// The path rules of src/docker/ in their Windows forms (path.win32), which a Linux machine
// cannot run for real: what the post step agrees to delete, where the config file goes,
// which files count as docker or podman on PATH, and the taskkill that ends a hung client.
// CI's check-only job runs them for real on windows-latest.
import { posix, win32 } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dockerHome, pathCandidates } from '../../../src/docker/client.js'
import { CONFIG_DIR_PREFIX, isConfigDirPath, tempRoot } from '../../../src/docker/config-file.js'
import { taskkillPath } from '../../../src/docker/run-bounded.js'

const NAME = `${CONFIG_DIR_PREFIX}Ab12Cd`

describe('the docker config directory the post step agrees to delete', () => {
  it.each([
    `D:\\a\\_temp\\${NAME}`,
    `C:\\Users\\runner\\AppData\\Local\\Temp\\${NAME}`,
    `\\\\server\\share\\temp\\${NAME}`
  ])('Windows: accepts %s', dir => {
    expect(isConfigDirPath(dir, win32)).toBe(true)
  })

  it.each([
    [`D:\\a\\_temp\\${NAME}\\`, 'a trailing separator'],
    [`D:/a/_temp/${NAME}`, 'forward slashes: not as written'],
    [`D:\\a\\_temp\\..\\${NAME}`, 'a ..'],
    [`D:\\a\\_temp\\.\\${NAME}`, 'a .'],
    [`D:${NAME}`, 'drive-relative'],
    [`\\a\\_temp\\${NAME}`, 'rooted without a drive'],
    [`\\\\?\\D:\\a\\_temp\\${NAME}`, 'a device path'],
    [`\\\\.\\D:\\a\\${NAME}`, 'a device path'],
    [`${NAME}`, 'relative'],
    ['D:\\a\\_temp\\other-dir', 'another name'],
    ['D:\\', 'a drive root'],
    [`D:\\a\\_temp\\${NAME}\\..\\..`, 'a .. at the end']
  ])('Windows: refuses %s (%s)', dir => {
    expect(isConfigDirPath(dir, win32)).toBe(false)
  })

  it('POSIX: the same rules, and a backslash is only a character of a name', () => {
    expect(isConfigDirPath(`/home/runner/work/_temp/${NAME}`, posix)).toBe(true)
    expect(isConfigDirPath(`/tmp/${NAME}/`, posix)).toBe(false)
    expect(isConfigDirPath(`/tmp/../${NAME}`, posix)).toBe(false)
    expect(isConfigDirPath(`tmp/${NAME}`, posix)).toBe(false)
    expect(isConfigDirPath(`C:\\tmp\\${NAME}`, posix)).toBe(false)
  })
})

describe('RUNNER_TEMP on Windows', () => {
  it('is used as the runner gives it, normalised to backslashes', () => {
    expect(tempRoot({ RUNNER_TEMP: 'D:\\a\\_temp' }, win32)).toBe('D:\\a\\_temp')
    expect(tempRoot({ RUNNER_TEMP: 'D:/a/_temp/' }, win32)).toBe('D:\\a\\_temp')
  })

  it('a directory made under it has the shape the post step accepts', () => {
    const dir = win32.join(tempRoot({ RUNNER_TEMP: 'D:/a/_temp' }, win32), NAME)
    expect(isConfigDirPath(dir, win32)).toBe(true)
  })
})

describe('docker and podman on PATH', () => {
  const PATH = 'C:\\Program Files\\Docker\\Docker\\resources\\bin;;relative\\bin;C:\\ProgramData\\bin'

  it('Windows: absolute entries only, split at ;, with the .exe and .com extensions PATHEXT lists', () => {
    expect(pathCandidates('docker', { PATH, PATHEXT: '.COM;.EXE;.BAT;.CMD;.VBS;.JS' }, 'win32')).toEqual([
      'C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.com',
      'C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.exe',
      'C:\\ProgramData\\bin\\docker.com',
      'C:\\ProgramData\\bin\\docker.exe'
    ])
  })

  it('Windows: never a .cmd or .bat (Node cannot run one without a shell), nor a file without extension', () => {
    const files = pathCandidates('podman', { PATH: 'C:\\bin', PATHEXT: '.CMD;.BAT' }, 'win32')
    expect(files).toEqual([])
    expect(pathCandidates('podman', { PATH: 'C:\\bin' }, 'win32')).toEqual([
      'C:\\bin\\podman.exe',
      'C:\\bin\\podman.com'
    ])
  })

  it('POSIX: split at :, the name as it is, relative entries skipped', () => {
    expect(pathCandidates('docker', { PATH: '/usr/bin::bin:/usr/local/bin' }, 'linux')).toEqual([
      '/usr/bin/docker',
      '/usr/local/bin/docker'
    ])
  })
})

describe('ending a hung client on Windows', () => {
  it("runs the system's own taskkill, whatever PATH says", () => {
    expect(taskkillPath({ SystemRoot: 'C:\\Windows', PATH: 'C:\\evil' })).toBe('C:\\Windows\\System32\\taskkill.exe')
    expect(taskkillPath({})).toBe('C:\\Windows\\System32\\taskkill.exe')
  })
})

describe("docker's home directory", () => {
  it('Windows: USERPROFILE, whatever HOME Git Bash exported', () => {
    expect(dockerHome({ USERPROFILE: 'C:\\Users\\runneradmin', HOME: '/c/Users/runneradmin' }, 'win32')).toBe(
      'C:\\Users\\runneradmin'
    )
  })

  it('elsewhere: HOME', () => {
    expect(dockerHome({ USERPROFILE: 'C:\\x', HOME: '/home/runner' }, 'linux')).toBe('/home/runner')
    expect(dockerHome({ HOME: '/Users/runner' }, 'darwin')).toBe('/Users/runner')
  })
})
