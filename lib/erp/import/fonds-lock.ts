import { sql } from "drizzle-orm";
import type { Tx } from "@/db";

/**
 * Writers of one fonds' collected records take turns, each until its transaction ends: voucher batches
 * (imports and pushes), pushed documents and a package's files. Each reads what exists (a record by its
 * source key, a document by the number vouchers cite, a voucher citing a number) and writes what is
 * missing, so two at once would both miss the other's uncommitted write: a record inserted twice, or a
 * document and its voucher each arriving "first" and never linked.
 */
export async function lockFondsImports(tx: Tx, fondsId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`erp-import:${fondsId}`}))`);
}
