// dist/script-tag/signals.js: the tracker's code for the script tag, loaded by
// Windback.createTracker() and data-track-endpoint (README: Track behaviour). Its name says nothing
// of tracking: ad-blocking lists block script URLs with "track", "analytics" or "event" in them.
import { createTracker } from '../../tracker/create-tracker.js'
import { shareOwnExports } from '../page-hub.js'

shareOwnExports({ createTracker })
