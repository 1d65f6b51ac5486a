// The styling workbench's parts that are not the playground's form wiring: the gallery of every
// step, the check of live CSS, and the state that round-trips through the page's address.

/** The widget's `part` names: the only hooks a page's CSS has into it (README: Styling). */
export const PARTS = [
  'dialog', 'close', 'back', 'logo', 'reason', 'feedback', 'offer', 'accept-offer', 'pause-months',
  'continue-cancel', 'keep', 'confirm-cancel',
]

// ── gallery ─────────────────────────────────────────────────────────────────────
export const GALLERY_STEPS = [
  ['reasons', 'Reasons'],
  ['feedback', 'A reason picked, with its feedback box'],
  ['offers', 'Offers: one card of each type'],
  ['confirm', 'Confirm'],
  ['fallback', 'Built-in fallback (config could not load)'],
]
const VARIANTS = ['light', 'dark'].flatMap((scheme) =>
  ['ltr', 'rtl'].flatMap((dir) => [320, 640].map((width) => ({ scheme, dir, width }))),
)

/** Every step × light/dark × LTR/RTL × 320 px/desktop, each tile a frame with the real widget in it. */
export function createGallery(container) {
  const frames = []
  for (const [step, title] of GALLERY_STEPS) {
    const section = document.createElement('section')
    section.dataset.step = step
    const heading = document.createElement('h2')
    heading.textContent = title
    const row = document.createElement('div')
    row.className = 'tiles'
    for (const { scheme, dir, width } of VARIANTS) {
      const label = `${title}, ${scheme}, ${dir.toUpperCase()}, ${width === 320 ? '320 px' : 'desktop'}`
      const figure = document.createElement('figure')
      const caption = document.createElement('figcaption')
      caption.textContent = `${scheme} · ${dir.toUpperCase()} · ${width === 320 ? '320 px' : 'desktop'}`
      const frame = document.createElement('iframe')
      frame.title = label
      frame.width = String(width)
      frame.height = String(width === 320 ? 640 : 760)
      frame.loading = 'lazy'
      frame.src = `/tile.html?${new URLSearchParams({ step, scheme, dir })}`
      frame.dataset.tile = `${step}-${scheme}-${dir}-${width}`
      figure.append(caption, frame)
      row.append(figure)
      frames.push(frame)
    }
    section.append(heading, row)
    container.append(section)
  }
  // A frame still loading picks the state up itself (tile.js reads parent.workbench.state).
  return {
    update: (state) => frames.forEach((frame) => frame.contentWindow?.showTile?.(state)),
    setCss: (css) => frames.forEach((frame) => frame.contentWindow?.setTileCss?.(css)),
  }
}

// ── live CSS ────────────────────────────────────────────────────────────────────
const lineAt = (text, index) => text.slice(0, index).split('\n').length

/** Top-level rules as `{ text, start }`, by brace depth (comments removed first, keeping offsets). */
function topLevelRules(css) {
  const source = css.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
  const rules = []
  let depth = 0
  let start = 0
  for (let index = 0; index < source.length; index += 1) {
    if (source[index] === '{') depth += 1
    else if (source[index] === '}') {
      depth -= 1
      if (depth === 0) {
        rules.push({ text: source.slice(start, index + 1), start })
        start = index + 1
      }
    }
  }
  if (source.slice(start).trim()) rules.push({ text: source.slice(start), start, unclosed: true })
  return rules
}

/**
 * What in `css` will not style the widget, by line: unknown part names, rules or declarations the
 * browser drops, and selectors that cannot reach into its shadow root.
 */
export function checkCss(css) {
  const problems = []
  for (const match of css.matchAll(/::part\(([^)]*)\)/g)) {
    for (const name of match[1].trim().split(/\s+/)) {
      if (!PARTS.includes(name)) problems.push({ line: lineAt(css, match.index), message: `Unknown part "${name}": the widget's parts are ${PARTS.join(', ')}.` })
    }
  }
  for (const rule of topLevelRules(css)) {
    const leading = rule.text.length - rule.text.trimStart().length
    const line = lineAt(css, rule.start + leading)
    const selector = rule.text.slice(0, rule.text.indexOf('{')).trim()
    if (rule.unclosed) {
      problems.push({ line, message: 'This rule is not closed with "}", so the browser ignores it.' })
      continue
    }
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(rule.text)
    const parsed = sheet.cssRules[0]
    if (!parsed) {
      problems.push({ line, message: `"${selector}" is not valid CSS, so the browser ignores this rule.` })
      continue
    }
    if (!(parsed instanceof CSSStyleRule)) continue
    if (!/windback-cancel-flow/.test(selector)) {
      problems.push({ line, message: `"${selector}" does not reach the widget: only windback-cancel-flow::part(…) and custom properties on windback-cancel-flow do.` })
    }
    const body = rule.text.slice(rule.text.indexOf('{') + 1, -1)
    for (const declaration of body.split(';')) {
      const colon = declaration.indexOf(':')
      if (!declaration.trim()) continue
      const property = declaration.slice(0, colon).trim()
      const value = declaration.slice(colon + 1).trim().replace(/\s*!important$/, '')
      if (colon < 0 || (!property.startsWith('--') && !CSS.supports(property, value))) {
        problems.push({ line: lineAt(css, rule.start + rule.text.indexOf(declaration)), message: `"${declaration.trim()}" is not a valid declaration, so the browser ignores it.` })
      }
    }
  }
  return problems.sort((a, b) => a.line - b.line)
}

// ── shareable state ─────────────────────────────────────────────────────────────
/** The whole state as a URL fragment: UTF-8 JSON in base64url. */
export function encodeState(state) {
  const bytes = new TextEncoder().encode(JSON.stringify(state))
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return `#state=${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`
}

/** The state in a `#state=` fragment, or `undefined` when there is none or it is damaged. */
export function decodeState(hash) {
  const match = /^#state=([\w-]+)$/.exec(hash)
  if (!match) return undefined
  try {
    const binary = atob(match[1].replace(/-/g, '+').replace(/_/g, '/'))
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0))))
  } catch {
    return undefined
  }
}
