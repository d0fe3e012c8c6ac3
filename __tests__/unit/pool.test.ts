// The one concurrency pool: results in order, at most `limit` at once, nothing started past the
// deadline, and, with `stop`, nothing started after a result that says to stop.
import { describe, expect, it } from 'vitest'
import { pool } from '../../src/pool.js'

const later = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

describe('pool', () => {
  it('runs every item, at most `limit` at a time, results in order', async () => {
    let running = 0
    let most = 0
    const results = await pool(
      [5, 1, 4, 2, 3],
      async n => {
        most = Math.max(most, ++running)
        await later(n)
        running--
        return n * 10
      },
      { limit: 2, deadline: Date.now() + 60_000, late: () => -1 }
    )
    expect(results).toEqual([50, 10, 40, 20, 30])
    expect(most).toBe(2)
  })

  it('an item whose turn comes after the deadline gets `late` instead', async () => {
    const started: number[] = []
    const results = await pool(
      [1, 2, 3],
      async n => {
        started.push(n)
        await later(30)
        return 'done'
      },
      { limit: 1, deadline: Date.now() + 10, late: () => 'late' }
    )
    expect(results).toEqual(['done', 'late', 'late'])
    expect(started).toEqual([1])
  })

  it('with `stop`, no item starts after a result that says to stop', async () => {
    const started: number[] = []
    const results = await pool(
      [1, 2, 3, 4],
      async n => {
        started.push(n)
        return n !== 2
      },
      { limit: 1, deadline: Date.now() + 60_000, late: () => false, stop: ok => !ok }
    )
    expect(results).toEqual([true, false, false, false])
    expect(started).toEqual([1, 2])
  })

  it('no items: no worker, no result', async () => {
    expect(await pool([], async () => 1, { limit: 3, deadline: 0, late: () => 0 })).toEqual([])
  })
})
