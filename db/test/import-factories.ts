import { createReadStream } from "node:fs";
import path from "node:path";
import type { Db } from "@/db";
import { createErpConnector } from "@/lib/erp/connectors/create-erp-connector";
import { startImport } from "@/lib/erp/import/start-import";
import { runImport } from "@/lib/erp/import/run-import";
import type { ServiceContext } from "@/lib/context";
import { systemContext } from "@/lib/context";
import { makeFonds, unique } from "./factories";

export const fixture = (relative: string) => path.resolve(import.meta.dirname, "../../lib/erp/__fixtures__", relative);

/** A fresh fonds with one ERP connector; the key is returned as the administrator saw it once. */
export async function makeConnector(db: Db, options: { sourceSystem?: string; formatId?: string | null; mapping?: unknown } = {}) {
  const fonds = await makeFonds(db);
  const r = await createErpConnector(systemContext(db), {
    fondsId: fonds.id,
    name: unique("ERP "),
    sourceSystem: options.sourceSystem ?? "erp-test",
    formatId: options.formatId ?? null,
    ...(options.mapping !== undefined ? { mapping: options.mapping } : {}),
  });
  if (!r.ok) throw new Error(`connector factory failed: ${r.error.code}`);
  return { fonds, connector: r.value };
}

/** Uploads a file through the service the API uses, then runs the worker's job for it in this process. */
export async function importFile(ctx: ServiceContext, connectorId: string, file: string, fileName = path.basename(file)) {
  const started = await startImport(ctx, { connectorId, file: createReadStream(file), fileName });
  if (!started.ok) return { started, run: null };
  const run = await runImport(ctx.db as Db, started.value.id);
  return { started, run };
}
