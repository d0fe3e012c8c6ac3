// Entry of the post step (action.yml's runs.post, dist/post.js): runs the post
// step and nothing else.
import { post } from './post-step.js'

await post()
