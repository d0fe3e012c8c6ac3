// A batch of requests, `limit` at a time, results in order: none started at or past `deadline`
// (epoch ms), nor after a result `stop` says to stop at; `late` gives an unstarted item's result.

export interface PoolLimits<T, R> {
  limit: number
  deadline: number
  late: (item: T) => R
  stop?: (result: R) => boolean
}

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
