// In the script tag's files, this module stands in for src/cancel-flow/on-demand.ts
// (docs/script-tag-files.md): the modal, the outbox and the tracker load as integrity-checked
// classic scripts from dist/script-tag/, beside the script tag's own file, instead of as ESM chunks.
import type { Modal, OutboxCode } from '../../../cancel-flow/on-demand.js'
import { WindbackError } from '../../../errors.js'
import { fileHash } from '../../file-hashes.js'
import { createFileLoader, type FileLoader } from '../../load-file.js'
import { pageHub } from '../../page-hub.js'
import type { TrackerCode } from '../../tracker-stand-in.js'

let loadFile: FileLoader | undefined

/**
 * Called while the script tag's file runs, when `document.currentScript` is still its element:
 * its URL and nonce are knowable only then.
 */
export function rememberLoaderScript(script: HTMLScriptElement | null): void {
  if (!script?.src) return
  loadFile = createFileLoader({
    baseUrl: script.src,
    nonce: script.nonce || script.getAttribute('nonce') || '',
    document,
  })
  pageHub().loaders[new URL('.', script.src).href] ??= loadFile
}

const load = (path: string) =>
  loadFile?.(path, fileHash(path)) ??
  Promise.reject(new WindbackError('SCRIPT_LOAD_FAILED', `${path} could not be loaded: the script tag could not tell its own URL`))

export const loadModal = () => load('script-tag/modal.js') as Promise<Modal>
export const loadOutboxCode = () => load('script-tag/outbox.js') as Promise<OutboxCode>
export const loadTrackerCode = () => load('script-tag/signals.js') as Promise<TrackerCode>
