// Names of the values the main step saves for the post step.
export const State = {
  isPost: 'isPost',
  registry: 'registry',
  loggedIn: 'loggedIn',
  logout: 'logout'
} as const
