import { createHash, randomUUID } from "node:crypto";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { recordFiles, recordLinks, records, sourceDocuments } from "@/db/schema";
import type { Retention } from "@/lib/archive/retention/schedules";
import { appendAudit } from "@/lib/audit/append-audit";
import { canonicalJson } from "@/lib/canonical-json";
import type { ServiceContext } from "@/lib/context";
import { indexRecords } from "@/lib/search/index-records";
import { lockFondsImports } from "./fonds-lock";

type DocumentKind = (typeof sourceDocuments.$inferInsert)["kind"];

export interface FileRecordInput {
  fondsId: string;
  importId: string | null;
  connectorId: string;
  sourceSystem: string;
  /** Stable identity in the source: a re-import finds the record by it. */
  sourceKey: string;
  category: "voucher" | "ledger" | "report";
  materialType: string;
  retention: Retention;
  fiscalYear: number;
  periodKind: "month" | "quarter" | "half" | "year" | null;
  period: number | null;
  title: string;
  docDate?: string | null;
  amount?: string | null;
  disposalDate?: string | null;
  file: { id: string; sha256: string; name: string } | null;
  /** What "the same content" means when the record is more than its file (a pushed document's data). */
  contentHash?: string;
  /** Elements the sender stated beyond the columns (ADR 0008), such as a ledger's 编制人 and 审核人. */
  metadata?: Record<string, string>;
  /** Source documents only: their registry row. */
  document?: { kind: DocumentKind; documentNo: string | null; issuedOn?: string | null; counterparty?: string | null; data: Record<string, unknown> };
  /** Vouchers this record supports (record_links source_document, voucher → document). */
  linkTo?: string[];
}

export type FileRecordOutcome = { outcome: "created" | "unchanged" | "updated" | "conflict"; recordId: string; state?: string };

/**
 * One record whose content is a file: a source document (原始凭证), a ledger or a report. Found again
 * by its source key; the same file is "unchanged", another file replaces the content of a collected
 * record and is refused for a filed one (filed records never change).
 */
export async function upsertFileRecord(tx: Tx, ctx: ServiceContext, input: FileRecordInput): Promise<FileRecordOutcome> {
  const metadata = input.metadata ?? {};
  // Stated elements are content too: a package naming another 审核人 for the same file updates the record.
  const stated = Object.keys(metadata).length > 0 && input.file ? createHash("sha256").update(canonicalJson({ file: input.file.sha256, metadata })).digest("hex") : undefined;
  const contentHash = input.contentHash ?? stated ?? input.file?.sha256 ?? null;
  // FOR UPDATE cannot lock a row not yet committed: without the fonds' turn, the same document pushed
  // twice at once, or one package imported twice, would insert the record twice and fail on its key.
  await lockFondsImports(tx, input.fondsId);
  const [existing] = await tx
    .select({ id: records.id, state: records.state, contentHash: records.contentHash })
    .from(records)
    .where(and(eq(records.fondsId, input.fondsId), eq(records.sourceKey, input.sourceKey)))
    .for("update");
  const now = ctx.now();
  let recordId: string;
  let outcome: FileRecordOutcome["outcome"];
  if (existing && existing.contentHash === contentHash) {
    recordId = existing.id;
    outcome = "unchanged";
  } else if (existing && existing.state !== "collected") {
    return { outcome: "conflict", recordId: existing.id, state: existing.state };
  } else if (existing) {
    recordId = existing.id;
    outcome = "updated";
    await tx.update(records).set({ contentHash, importId: input.importId, title: input.title, ...(input.metadata ? { metadata } : {}), updatedAt: now }).where(eq(records.id, recordId));
    await tx.delete(recordFiles).where(eq(recordFiles.recordId, recordId));
  } else {
    recordId = randomUUID();
    outcome = "created";
    await tx.insert(records).values({
      id: recordId,
      fondsId: input.fondsId,
      category: input.category,
      materialType: input.materialType,
      fiscalYear: input.fiscalYear,
      periodKind: input.periodKind,
      period: input.period,
      title: input.title,
      metadata,
      docDate: input.docDate ?? null,
      amount: input.amount ?? null,
      retention: input.retention,
      disposalDate: input.disposalDate ?? null,
      sourceSystem: input.sourceSystem,
      sourceKey: input.sourceKey,
      contentHash,
      importId: input.importId,
      createdAt: now,
      updatedAt: now,
    });
  }
  if (input.document && outcome !== "unchanged") {
    const doc = { kind: input.document.kind, documentNo: input.document.documentNo, issuedOn: input.document.issuedOn ?? null, counterparty: input.document.counterparty ?? null, amount: input.amount ?? null, data: input.document.data };
    await tx.insert(sourceDocuments).values({ recordId, fondsId: input.fondsId, ...doc }).onConflictDoUpdate({ target: sourceDocuments.recordId, set: doc });
  }
  if (input.file && outcome !== "unchanged") {
    await tx.insert(recordFiles).values({ recordId, fileId: input.file.id, role: "content", fileName: path.posix.basename(input.file.name), createdAt: now }).onConflictDoNothing();
  }
  for (const voucherId of input.linkTo ?? []) {
    await tx.insert(recordLinks).values({ fromRecordId: voucherId, toRecordId: recordId, linkType: "source_document", createdAt: now }).onConflictDoNothing();
  }
  if (outcome !== "unchanged") {
    await indexRecords(tx, [recordId]);
    await appendAudit(tx, ctx, {
      action: outcome === "created" ? "record.created_by_import" : "record.updated_by_import",
      targetType: "record",
      targetId: recordId,
      fondsId: input.fondsId,
      data: { importId: input.importId, connectorId: input.connectorId, materialType: input.materialType, sourceKey: input.sourceKey, sha256: contentHash },
    });
  }
  return { outcome, recordId };
}
