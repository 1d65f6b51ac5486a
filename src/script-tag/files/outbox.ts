// dist/script-tag/outbox.js: what delivers the answers, loaded when a flow is created or an
// earlier page left answers undelivered.
import * as outbox from '../../cancel-flow/outbox.js'
import { shareOwnExports } from '../page-hub.js'

shareOwnExports(outbox)
