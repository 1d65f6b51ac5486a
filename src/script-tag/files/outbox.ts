// dist/script-tag/outbox.js: what delivers the answers, loaded beside the modal on a flow's first
// preload() or open(), or alone when an earlier page left answers undelivered.
import * as outbox from '../../cancel-flow/outbox.js'
import { shareOwnExports } from '../page-hub.js'

shareOwnExports(outbox)
