// A small concurrency pool for a batch of requests with one deadline (the
// image check's manifests and tags lists, retire's deletes, the sweep's):
// enough at once to hide latency, few enough to be polite, and none started
// past the deadline, nor, with `stop`, after a result that says to stop.

export interface PoolLimits<T, R> {
  /** At most this many at a time. */
  limit: number
  /** No item starts at or after this moment (ms since the epoch). */
  deadline: number
  /** The result of an item not started (the deadline passed, or the pool stopped). */
  late: (item: T) => R
  /** A result after which no other item starts (a delete the API refused, say). */
  stop?: (result: R) => boolean
}

/** Runs `fn` over the items, a few at a time, results in order. */
export async function pool<T, R>(
  items: readonly T[],
  fn: (item: T) => Promise<R>,
  opts: PoolLimits<T, R>
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let stopped = false
  // One iterator shared by the workers: each item is taken exactly once.
  const queue = items.entries()
  const worker = async (): Promise<void> => {
    for (const [i, item] of queue) {
      const result = stopped || Date.now() >= opts.deadline ? opts.late(item) : await fn(item)
      if (opts.stop?.(result)) stopped = true
      results[i] = result
    }
  }
  await Promise.all(Array.from({ length: Math.min(opts.limit, items.length) }, worker))
  return results
}
