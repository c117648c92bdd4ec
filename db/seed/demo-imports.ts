import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { erpConnectors, fonds } from "@/db/schema";
import { systemContext } from "@/lib/context";
import { demoExports } from "@/lib/demo/demo-exports";
import { createErpConnector } from "@/lib/erp/connectors/create-erp-connector";
import { ERP_FORMATS } from "@/lib/erp/formats";
import type { FormatId } from "@/lib/erp/formats/types";
import { startImport } from "@/lib/erp/import/start-import";
import { orThrow } from "@/lib/errors";

/**
 * One ERP connector per demo fonds, and the fonds' seeding exports queued through the same path as an
 * upload (startImport → job → worker), so a fresh demo archive fills with real imported vouchers,
 * audit entries and import history. The worker finishes them in the background after start-up, in
 * queue order: a fonds' voucher file before its package. Connectors detect the format of each file,
 * so the package goes through the connector its ERP's voucher file named. The connectors' API keys
 * are not kept: an administrator rotates one to connect a real ERP.
 */
export async function seedDemoImports(db: Db): Promise<{ importIds: string[] }> {
  const ctx = systemContext(db, "acta-seed");
  const importIds: string[] = [];
  const connectorOf = new Map<string, string>();
  for (const e of demoExports().filter((x) => x.seedsArchive)) {
    const [f] = await db.select({ id: fonds.id }).from(fonds).where(eq(fonds.code, e.fondsCode));
    if (!f) throw new Error(`Demo import: fonds ${e.fondsCode} is missing; seed the demo group first`);
    let connectorId = connectorOf.get(f.id);
    if (!connectorId) {
      const formatId = e.formatId as FormatId;
      const label = ERP_FORMATS.find((x) => x.id === formatId)?.label["zh-CN"] ?? formatId;
      const name = `演示 ERP · ${label}`;
      const [existing] = await db.select({ id: erpConnectors.id }).from(erpConnectors).where(and(eq(erpConnectors.fondsId, f.id), eq(erpConnectors.name, name)));
      // No fixed format: the demo shows detection at work, as a newly connected ERP would.
      connectorId = existing?.id ?? orThrow(await createErpConnector(ctx, { fondsId: f.id, name, sourceSystem: formatId, formatId: null }), `Demo import failed at connector ${e.fondsCode}`).id;
      connectorOf.set(f.id, connectorId);
    }
    const started = orThrow(await startImport(ctx, { connectorId, file: Readable.from([await e.build()]), fileName: e.fileName }), `Demo import failed at import ${e.fileName}`);
    importIds.push(started.id);
  }
  return { importIds };
}
