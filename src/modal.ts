// Everything the cancel flow loads on its first preload() or open(), and nothing the page needs
// before: the config schema, the strings, the modal (Preact, signals, styles, English) and the
// answer's body. The main entry imports this file only dynamically; the script tag loads it as
// dist/script-tag/modal.js. What is not reachable from here ships up front.
export { prepareFlow, showFlow } from './ui/show-flow.js'
