const TABBABLE =
  'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])'

/** The element that really has focus, looking through open shadow roots. */
export function deepActiveElement(root: Document | ShadowRoot = document): Element | null {
  let active = root.activeElement
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
  return active
}

/**
 * The elements Tab visits inside `container`, in order. A radio group is one stop (its
 * checked radio, else its first), as the browser itself treats it.
 */
export function tabbableElements(container: Element): HTMLElement[] {
  const seenRadioGroups = new Set<string>()
  const candidates = [...container.querySelectorAll<HTMLElement>(TABBABLE)]
  return candidates.filter((element) => {
    if (element.closest('[hidden], [inert]')) return false
    if (element instanceof HTMLInputElement && element.type === 'radio' && element.name) {
      if (seenRadioGroups.has(element.name)) return false
      const group = candidates.filter(
        (other): other is HTMLInputElement => other instanceof HTMLInputElement && other.name === element.name,
      )
      const stop = group.find((radio) => radio.checked) ?? group[0]
      if (stop !== element) return false
      seenRadioGroups.add(element.name)
    }
    return true
  })
}

/** Keeps Tab / Shift+Tab inside `container`; call from its `keydown` handler. */
export function wrapTabFocus(event: KeyboardEvent, container: Element, root: ShadowRoot): void {
  if (event.key !== 'Tab') return
  const tabbable = tabbableElements(container)
  const first = tabbable[0]
  const last = tabbable[tabbable.length - 1]
  if (!first || !last) return
  const active = root.activeElement
  const outside = !active || !tabbable.includes(active as HTMLElement)
  if (event.shiftKey && (active === first || outside)) {
    event.preventDefault()
    last.focus()
  } else if (!event.shiftKey && (active === last || outside)) {
    event.preventDefault()
    first.focus()
  }
}
