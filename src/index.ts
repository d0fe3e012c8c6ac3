// Entry point for both steps: action.yml runs this file as main and as post;
// the state the main step saved tells them apart (as docker/login-action does).
import * as core from '@actions/core'
import { run } from './main.js'
import { post } from './post.js'
import { State } from './state.js'

if (core.getState(State.isPost) === 'true') await post()
else await run()
