/** Keyboard focus around controls that go away once used (a Cancel button leaves with its run). */

/**
 * Moves the focus to `next` when it is still on `button` or has already dropped to the page because
 * the button went away; focus the user has moved on since stays where it is.
 */
export function handFocusOn(button: HTMLElement, next: HTMLElement | undefined): void {
  const focused = document.activeElement
  if (focused === button || focused === document.body || focused === null) next?.focus()
}
