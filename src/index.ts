// Entry point for both steps: action.yml runs this file as main and as post;
// the state the main step saved tells them apart (as docker/login-action does).
import { run } from './main.js'
import { post } from './post.js'
import { isPostStep } from './state.js'

if (isPostStep()) await post()
else await run()
