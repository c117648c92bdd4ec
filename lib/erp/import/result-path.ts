/** The import page open on one connector and, if given, one import's result: the address links, notices and the page itself share. */
export function importResultPath(connectorId: string, importId?: string | null): string {
  return `/imports?${new URLSearchParams({ connectorId, ...(importId ? { importId } : {}) })}`;
}
