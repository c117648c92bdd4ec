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

/**
 * Writers meeting on one invoice number take turns, each until its transaction ends, whatever their fonds:
 * a voucher citing it and a package registering it. The registry row a voucher would lock does not exist
 * yet while a package is registering a new invoice, so both read "nobody claimed it" and the voucher was
 * never flagged as a duplicate reimbursement. Numbers are as vouchers cite them ("<code>-<number>" for
 * legacy invoices), taken in one sorted order so two writers of several numbers never deadlock. Taken after
 * the fonds' lock (lockFondsImports) and before any audit entry, as both writers do.
 */
export async function lockInvoiceNumbers(tx: Tx, cited: readonly string[]): Promise<void> {
  const numbers = [...new Set(cited)].sort();
  if (numbers.length === 0) return;
  // unnest yields the sorted array in order, and each row's lock is taken as it is produced.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('acta-invoice'), hashtext(n)) from unnest(${sql.param(numbers)}::text[]) as n`);
}
