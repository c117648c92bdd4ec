import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { voucherRefs } from "@/db/schema";
import { canonicalJson } from "@/lib/canonical-json";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { loadConnectorForImport } from "@/lib/erp/connectors/load-connector";
import { IsoDateSchema, MoneySchema } from "@/lib/erp/model";
import { sniffMediaType } from "@/lib/files/identify";
import { upsertFileRecord } from "./file-record";
import { fondsRetention } from "./fonds-retention";
import { storeFile } from "./store-file";

/** ERP business documents (DA/T 94 Table 1: orders, stock slips, invoices, receipts) kept as 原始凭证. */
export const BUSINESS_DOCUMENT_KINDS = ["sales_order", "purchase_order", "delivery_note", "goods_receipt", "sales_invoice", "purchase_invoice", "receipt", "payment", "contract", "other"] as const;

const MAX_FILE_BYTES = 50 * 1024 * 1024;

export const PushDocumentInput = z.object({
  kind: z.enum(BUSINESS_DOCUMENT_KINDS),
  documentNo: z.string().trim().min(1).max(200),
  date: IsoDateSchema,
  counterparty: z.string().trim().min(1).max(200).optional(),
  amount: MoneySchema.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).default("CNY"),
  lines: z.array(z.record(z.string(), z.unknown())).max(10_000).default([]),
  data: z.record(z.string(), z.unknown()).default({}),
  file: z.object({ name: z.string().trim().min(1).max(255), contentBase64: z.string().min(1).max(Math.ceil((MAX_FILE_BYTES * 4) / 3) + 4) }).optional(),
});

export interface PushedDocument {
  recordId: string;
  outcome: "created" | "updated" | "unchanged" | "conflict";
  linkedVouchers: number;
}

/**
 * Keeps an ERP business document as a source document of the connector's fonds, with its file when
 * one is sent, and links it to every voucher that cites its number; a voucher arriving later is linked
 * when it is written (whichever arrives first, issue 3 item 4). The same document again is "unchanged".
 */
export async function pushDocument(ctx: ServiceContext, input: { connectorId: string; body: unknown }): Promise<Result<PushedDocument>> {
  const connector = await loadConnectorForImport(ctx, input.connectorId);
  if (!connector.ok) return connector;
  const parsed = PushDocumentInput.safeParse(input.body);
  if (!parsed.success) return invalid(parsed.error);
  const doc = parsed.data;
  let bytes: Buffer | null = null;
  if (doc.file) {
    bytes = Buffer.from(doc.file.contentBase64, "base64");
    if (bytes.length === 0 || bytes.toString("base64").replace(/=+$/, "") !== doc.file.contentBase64.replace(/\s/g, "").replace(/=+$/, "")) return fail("import.document_file_invalid");
  }
  const retentionOf = await fondsRetention(ctx.db, connector.value.fondsId);
  if (!retentionOf.ok) return retentionOf;
  const retention = retentionOf.value("source_document", "voucher");
  if (!retention.ok) return retention;
  const file = bytes && doc.file ? { row: await storeFile(ctx.db, bytes, (await sniffMediaType(bytes, doc.file.name)).mediaType), name: doc.file.name } : null;
  const contentHash = createHash("sha256").update(canonicalJson({ ...doc, file: file?.row.sha256 ?? null })).digest("hex");
  const fondsId = connector.value.fondsId;

  return ctx.db.transaction(async (tx) => {
    const citing = await tx
      .selectDistinct({ recordId: voucherRefs.recordId })
      .from(voucherRefs)
      .where(and(eq(voucherRefs.fondsId, fondsId), eq(voucherRefs.refType, "document"), eq(voucherRefs.refNo, doc.documentNo)));
    const written = await upsertFileRecord(tx, ctx, {
      fondsId,
      importId: null,
      connectorId: connector.value.id,
      sourceSystem: connector.value.sourceSystem,
      sourceKey: `document:${doc.kind}:${doc.documentNo}`,
      category: "voucher",
      materialType: "source_document",
      retention: retention.value,
      fiscalYear: Number(doc.date.slice(0, 4)),
      periodKind: "month",
      period: Number(doc.date.slice(5, 7)),
      title: [doc.documentNo, doc.counterparty].filter(Boolean).join(" "),
      docDate: doc.date,
      amount: doc.amount ?? null,
      file: file ? { id: file.row.id, sha256: file.row.sha256, name: file.name } : null,
      contentHash,
      document: { kind: "business_document", documentNo: doc.documentNo, issuedOn: doc.date, counterparty: doc.counterparty ?? null, data: { businessKind: doc.kind, currency: doc.currency, lines: doc.lines, ...doc.data } },
      linkTo: citing.map((c) => c.recordId),
    });
    return ok({ recordId: written.recordId, outcome: written.outcome, linkedVouchers: written.outcome === "conflict" ? 0 : citing.length });
  });
}
