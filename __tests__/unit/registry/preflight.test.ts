// The image check as the main step runs it: images on another registry are refused before any
// request, every one named, since the set's secret goes to its own registry only.
import { describe, expect, it } from 'vitest'
import { ActionError } from '../../../src/errors.js'
import { preflightImages } from '../../../src/registry/preflight.js'
import { imageRef } from '../../support/refs.ts'

describe('preflightImages', () => {
  it('images on another registry: every one named, nothing checked', async () => {
    const images = [imageRef('docker.io/library/x:1'), imageRef('ghcr.io/a/b:2')]
    const wanted = { images, registry: 'quay.io', username: 'u', secret: 's', scopes: [] }
    const e = (await preflightImages(wanted)).error ?? new Error('no error')
    expect(e).toBeInstanceOf(ActionError)
    expect(e instanceof ActionError && e.title).toBe('Image on another registry')
    expect(e.message).toContain('docker.io/library/x:1 (registry docker.io), ghcr.io/a/b:2 (registry ghcr.io)')
    expect(e.message).toContain('signs in to quay.io only')
    expect(e.message).toContain('no image was checked')
  })
})
