import type { Db } from "@/db";
import { erpConnectors } from "@/db/schema";
import { unique } from "./factories";

/** A connector row as an administrator would have created it, without a key: previews and screens need only the row. */
export async function makeErpConnector(db: Db, fondsId: string, fields: Partial<typeof erpConnectors.$inferInsert> = {}) {
  const [row] = await db
    .insert(erpConnectors)
    .values({ fondsId, name: unique("ERP "), sourceSystem: "kingdee-k3", ...fields })
    .returning();
  return row!;
}
