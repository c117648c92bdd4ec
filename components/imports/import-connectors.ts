import type { ConnectorOption } from "./import-workbench";

/**
 * The current fonds' connectors for the import screen, active ones first. A deactivated connector is
 * kept (marked) because the screen's history is the only place its past imports can be read; the
 * workbench lets it be viewed but not imported through.
 */
export function importConnectors(connectors: readonly (ConnectorOption & { fondsId: string })[], fondsId: string | undefined): ConnectorOption[] {
  const here = connectors.filter((c) => c.fondsId === fondsId);
  return [...here.filter((c) => c.isActive), ...here.filter((c) => !c.isActive)].map((c) => ({
    id: c.id,
    name: c.name,
    sourceSystem: c.sourceSystem,
    formatId: c.formatId,
    mapping: c.mapping,
    isActive: c.isActive,
  }));
}
