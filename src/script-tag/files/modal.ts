// dist/script-tag/modal.js: the on-demand modal for the script tag, as a classic script.
import * as modal from '../../modal.js'
import { shareOwnExports } from '../page-hub.js'

shareOwnExports(modal)
