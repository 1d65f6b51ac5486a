/**
 * The `sha384-…` of each file this build loads, by its path under dist/: written in by the build
 * (vite.config.ts), which builds each script-tag file after the files it loads. The script tag
 * holds the modal's, the outbox's and the tracker's; the modal those of the languages.
 */
declare const __WINDBACK_FILE_HASHES__: Record<string, string>

export const fileHash = (path: string): string => __WINDBACK_FILE_HASHES__[path] ?? ''
