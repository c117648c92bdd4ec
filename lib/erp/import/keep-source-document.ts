import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { sourceDocuments, voucherRefs } from "@/db/schema";
import { canonicalJson } from "@/lib/canonical-json";
import type { ServiceContext } from "@/lib/context";
import { type Result, ok } from "@/lib/errors";
import { upsertFileRecord } from "./file-record";
import { lockFondsImports } from "./fonds-lock";
import { fondsRetention } from "./fonds-retention";
import { storeFile } from "./store-file";

export interface PushedDocument {
  recordId: string;
  outcome: "created" | "updated" | "unchanged" | "conflict";
  linkedVouchers: number;
}

export interface SourceDocumentToKeep {
  fondsId: string;
  /** The ERP or OA connector it came through (named in the audit entry). */
  connectorId: string;
  sourceSystem: string;
  /** Stable identity in the source: the same document again finds its record by it. */
  sourceKey: string;
  kind: (typeof sourceDocuments.$inferInsert)["kind"];
  /** The number vouchers cite it by (voucher_refs ref_type "document"). */
  documentNo: string;
  date: string;
  title: string;
  counterparty: string | null;
  amount: string | null;
  data: Record<string, unknown>;
  file: { name: string; bytes: Buffer; mediaType: string } | null;
}

/** The largest file an ERP business document or an OA form may carry inline. */
const INLINE_FILE_MAX_BYTES = 50 * 1024 * 1024;

/** A file sent inline in a JSON document: its name and its bytes as base64, within the size above. */
export const InlineFileSchema = z.object({
  name: z.string().trim().min(1).max(255),
  contentBase64: z.string().min(1).max(Math.ceil((INLINE_FILE_MAX_BYTES * 4) / 3) + 4),
});

/**
 * The most a document's JSON body may take: its inline file as base64 plus room for the fields and lines
 * around it. The routes stop reading there, so no body of any size is buffered before it is refused.
 */
export const DOCUMENT_BODY_MAX_BYTES = Math.ceil((INLINE_FILE_MAX_BYTES * 4) / 3) + 16 * 1024 * 1024;

/**
 * Decodes a file sent inline as base64; null unless the text is exactly base64 of at least one byte
 * (Buffer.from silently skips what is not, which would store a different file than was sent).
 */
export function decodeBase64File(contentBase64: string): Buffer | null {
  const bytes = Buffer.from(contentBase64, "base64");
  const same = bytes.toString("base64").replace(/=+$/, "") === contentBase64.replace(/\s/g, "").replace(/=+$/, "");
  return bytes.length > 0 && same ? bytes : null;
}

/**
 * Keeps a pushed document (an ERP business document, an OA approval form) as a source document of the
 * fonds, with its file, and links it to every voucher that cites its number; a voucher arriving later is
 * linked when it is written (whichever arrives first). The same content again is "unchanged".
 */
export async function keepSourceDocument(ctx: ServiceContext, doc: SourceDocumentToKeep): Promise<Result<PushedDocument>> {
  const retentionOf = await fondsRetention(ctx.db, doc.fondsId);
  if (!retentionOf.ok) return retentionOf;
  const retention = retentionOf.value("source_document", "voucher");
  if (!retention.ok) return retention;
  const stored = doc.file ? await storeFile(ctx.db, doc.file.bytes, doc.file.mediaType) : null;
  const { file, ...identity } = doc;
  const contentHash = createHash("sha256").update(canonicalJson({ ...identity, file: stored?.sha256 ?? null })).digest("hex");

  return ctx.db.transaction(async (tx) => {
    // The vouchers citing it are read in the fonds' import turn: read before a voucher being written now
    // commits, they would miss it, while that voucher looks for this document before it exists, and
    // neither would link the two.
    await lockFondsImports(tx, doc.fondsId);
    const citing = await tx
      .selectDistinct({ recordId: voucherRefs.recordId })
      .from(voucherRefs)
      .where(and(eq(voucherRefs.fondsId, doc.fondsId), eq(voucherRefs.refType, "document"), eq(voucherRefs.refNo, doc.documentNo)));
    const written = await upsertFileRecord(tx, ctx, {
      fondsId: doc.fondsId,
      importId: null,
      connectorId: doc.connectorId,
      sourceSystem: doc.sourceSystem,
      sourceKey: doc.sourceKey,
      category: "voucher",
      materialType: "source_document",
      retention: retention.value,
      fiscalYear: Number(doc.date.slice(0, 4)),
      periodKind: "month",
      period: Number(doc.date.slice(5, 7)),
      title: doc.title,
      docDate: doc.date,
      amount: doc.amount,
      file: stored && file ? { id: stored.id, sha256: stored.sha256, name: file.name } : null,
      contentHash,
      document: { kind: doc.kind, documentNo: doc.documentNo, issuedOn: doc.date, counterparty: doc.counterparty, data: doc.data },
      linkTo: citing.map((c) => c.recordId),
    });
    return ok({ recordId: written.recordId, outcome: written.outcome, linkedVouchers: written.outcome === "conflict" ? 0 : citing.length });
  });
}
