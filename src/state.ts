// Names of the values the main step saves for the post step.
export const State = {
  isPost: 'isPost',
  registry: 'registry',
  loggedIn: 'loggedIn',
  logout: 'logout',
  /** docker or podman, and its path: the post step logs out with the same one. */
  client: 'client',
  clientPath: 'clientPath',
  /** Where the login is kept (a path, never a secret): docker's config dir or podman's auth file. */
  authFile: 'authFile'
} as const
