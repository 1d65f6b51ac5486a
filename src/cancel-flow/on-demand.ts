// The code a cancel flow loads only when first needed, as dynamic imports: bundlers split it off,
// and dist/index.js loads it from dist/chunks/. The script tag's build replaces this module with
// src/script-tag/replacements/cancel-flow/on-demand.ts, which loads the same code as
// integrity-checked classic scripts.
export type Modal = typeof import('../modal.js')
export type OutboxCode = typeof import('./outbox.js')

export const loadModal = (): Promise<Modal> => import('../modal.js')
export const loadOutboxCode = (): Promise<OutboxCode> => import('./outbox.js')
