// Entry of the main step (action.yml's runs.main, dist/main.js): runs the main
// step and nothing else. The post step is its own entry (post.ts), so nothing
// in the environment (a STATE_isPost=true, say) can turn this one into it.
import { run } from './main-step.js'

await run()
// A failed main step may leave a registry sign-in it started early in flight
// (a slow or silent registry): end now, once what was written reached stdout.
if (process.exitCode) process.stdout.write('', () => process.exit())
