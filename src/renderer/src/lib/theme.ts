/** Theme colors for canvas drawing (Chart.js cannot read CSS variables itself). */

/** The value of a CSS custom property of the document, e.g. cssVar('--accent'). */
export function cssVar(name: string, fallback = ''): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback
}

/** Calls back when the system switches between light and dark; returns the unsubscribe function. */
export function onThemeChange(callback: () => void): () => void {
  const query = window.matchMedia('(prefers-color-scheme: dark)')
  query.addEventListener('change', callback)
  return () => query.removeEventListener('change', callback)
}
