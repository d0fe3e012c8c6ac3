// Pure: which hosts are this machine, the only ones plain http may go to (the API URL, a token realm).

/** localhost, 127.0.0.0/8 or ::1 (bracketed or not). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  return v4 !== null && v4.slice(1).every(octet => Number(octet) <= 255)
}

/** What breaks the rule for a URL that credentials go to: https, or plain http to this machine
 * only, and no user name or password in it. */
export function transportProblem(url: URL): 'not-http' | 'plain-http' | 'user-info' | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'not-http'
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return 'plain-http'
  if (url.username !== '' || url.password !== '') return 'user-info'
  return undefined
}
