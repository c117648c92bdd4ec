import { type SQLWrapper, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { fonds } from "@/db/schema";

/**
 * Whether whoever asked for an approval may also decide it, in this fonds. No, unless the fonds says so:
 * the one who prepares and the one who approves are incompatible duties (不相容职务相分离, 《企业内部控制基本
 * 规范》第二十九条), and accounting systems refuse 制单人 = 审核人 by default. A unit with one person in
 * both roles switches it on in the filing settings.
 */
export async function ownRequestsDecidable(db: DbOrTx, fondsId: string): Promise<boolean> {
  const [row] = await db.select({ allowed: sql<boolean | null>`(${fonds.settings}->>'ownRequestsDecidable')::boolean` }).from(fonds).where(eq(fonds.id, fondsId));
  return row?.allowed === true;
}

/** The same as SQL over a request row, for lists that filter many requests at once. */
export const ownRequestsDecidableSql = (fondsIdColumn: SQLWrapper) =>
  sql<boolean>`coalesce((select (f.settings->>'ownRequestsDecidable')::boolean from ${fonds} f where f.id = ${fondsIdColumn}), false)`;
