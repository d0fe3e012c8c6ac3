// Entry point for both steps: action.yml runs this file as main and as post;
// the state the main step saved tells them apart (as docker/login-action does).
import { run } from './main.js'
import { post } from './post.js'
import { isPostStep } from './state.js'

if (isPostStep()) await post()
else {
  await run()
  // A failed main step may leave a registry sign-in it started early in flight
  // (a slow or silent registry): end now, once what was written reached stdout.
  if (process.exitCode) process.stdout.write('', () => process.exit())
}
