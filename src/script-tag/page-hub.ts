import { pageState } from '../core/page-state.js'
import type { FileLoader } from './load-file.js'

/**
 * What the script tag and the files it loads later share on one page (see `pageState`): a second
 * copy of the script tag finds the same one, so that each file still loads once per page.
 */
export interface PageHub {
  /** Each loaded file's exports, put there by the file as it runs, under its own URL. */
  exports: Record<string, unknown>
  /** One load per URL; a failed load is removed, so the next call tries again. */
  loading: Map<string, Promise<unknown>>
  /**
   * Each copy of the script tag's file loader, by the URL of the dist/ folder it loads from: how
   * the modal reaches the language files of its own folder (two versions may share a page).
   */
  loaders: Record<string, FileLoader>
  /** The `windback` Trusted Types policy (null where the page has no Trusted Types). */
  scriptUrlPolicy?: { createScriptURL(url: string): unknown } | null
}

// The key names this shape's version: a copy of the package that shares files differently never
// reads another's hub.
export const pageHub = (): PageHub => pageState<PageHub>('@windback/browser:page-hub:v1', () => ({ exports: {}, loading: new Map(), loaders: {} }))

/** Run by each file loaded on demand, while it runs: hands its exports to the loader that added it. */
export function shareOwnExports(exports: unknown): void {
  const script = document.currentScript
  if (script instanceof HTMLScriptElement) pageHub().exports[script.src] = exports
}
