/**
 * The ticked requests that are still in the list. A bulk approval takes the decided ones out of the
 * inbox when the page refreshes, but the ticks are client state and outlive them: counting those
 * would offer "Approve 2" with nothing ticked, or show select-all ticked when it is not.
 */
export function stillListed(selected: ReadonlySet<string>, rows: readonly { id: string }[]): Set<string> {
  return new Set(rows.filter((r) => selected.has(r.id)).map((r) => r.id));
}
