// Pure: which hosts are this machine. Plain http is allowed to them only, for
// the API URL and a registry's token realm alike.

/** localhost, 127.0.0.0/8 or ::1 (bracketed or not). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost') return true
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  return v4 !== null && v4.slice(1).every(octet => Number(octet) <= 255)
}
