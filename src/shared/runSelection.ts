/** Which stored runs a comparison takes when nobody picked any: the app, its sidebar and `regstudio report` agree. */
import type { RunListItem } from './api'

/** Oldest first; runs made in the same millisecond by id. */
export function byCreation(a: RunListItem, b: RunListItem): number {
  return a.record.createdAt.localeCompare(b.record.createdAt) || a.record.id.localeCompare(b.record.id)
}

export function isComparable(item: RunListItem): boolean {
  return !item.damaged && item.record.status === 'finished'
}

/**
 * What to compare when nothing is picked: the finished runs of the newest study when the newest
 * finished run belongs to one, else the newest finished run of each variant name among the runs on
 * the same data as the newest (accuracies on other test images do not compare).
 */
export function defaultSelection(items: readonly RunListItem[]): string[] {
  const finished = items.filter(isComparable).sort(byCreation)
  const newest = finished[finished.length - 1]
  if (!newest) return []
  if (newest.record.studyId) return finished.filter((i) => i.record.studyId === newest.record.studyId).map((i) => i.record.id)
  const latestByName = new Map<string, RunListItem>()
  for (const item of finished) {
    if (item.record.dataset.fingerprint === newest.record.dataset.fingerprint) latestByName.set(item.record.name, item)
  }
  return [...latestByName.values()].sort(byCreation).map((i) => i.record.id)
}
