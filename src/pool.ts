// A small concurrency pool for a batch of requests with one deadline (the
// image check's manifests and tags lists, retire's deletes): enough at once to
// hide latency, few enough to be polite, and none started past the deadline.

/** Runs `fn` over the items, at most `limit` at a time, results in order;
 * an item not started by the deadline (epoch ms) gets `late(item)` instead. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  deadline: number,
  late: (item: T) => R
): Promise<R[]> {
  const results = new Array<R>(items.length)
  // One iterator shared by the workers: each item is taken exactly once.
  const queue = items.entries()
  const worker = async (): Promise<void> => {
    for (const [i, item] of queue) results[i] = Date.now() >= deadline ? late(item) : await fn(item)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
