import { z } from "zod";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid } from "@/lib/errors";
import { loadConnectorForImport } from "@/lib/erp/connectors/load-connector";
import { IsoDateSchema, MoneySchema } from "@/lib/erp/model";
import { sniffMediaType } from "@/lib/files/identify";
import { InlineFileSchema, type PushedDocument, decodeBase64File, keepSourceDocument } from "./keep-source-document";

/** ERP business documents (DA/T 94 Table 1: orders, stock slips, invoices, receipts) kept as 原始凭证. */
export const BUSINESS_DOCUMENT_KINDS = ["sales_order", "purchase_order", "delivery_note", "goods_receipt", "sales_invoice", "purchase_invoice", "receipt", "payment", "contract", "other"] as const;

export const PushDocumentInput = z.object({
  kind: z.enum(BUSINESS_DOCUMENT_KINDS),
  documentNo: z.string().trim().min(1).max(200),
  date: IsoDateSchema,
  counterparty: z.string().trim().min(1).max(200).optional(),
  amount: MoneySchema.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).default("CNY"),
  lines: z.array(z.record(z.string(), z.unknown())).max(10_000).default([]),
  data: z.record(z.string(), z.unknown()).default({}),
  file: InlineFileSchema.optional(),
});

/**
 * Keeps an ERP business document as a source document of the connector's fonds, with its file when
 * one is sent, linked to the vouchers that cite its number whichever arrives first (issue 3 item 4).
 */
export async function pushDocument(ctx: ServiceContext, input: { connectorId: string; body: unknown }): Promise<Result<PushedDocument>> {
  const connector = await loadConnectorForImport(ctx, input.connectorId);
  if (!connector.ok) return connector;
  const parsed = PushDocumentInput.safeParse(input.body);
  if (!parsed.success) return invalid(parsed.error);
  const doc = parsed.data;
  const bytes = doc.file ? decodeBase64File(doc.file.contentBase64) : null;
  if (doc.file && !bytes) return fail("import.document_file_invalid");
  return keepSourceDocument(ctx, {
    fondsId: connector.value.fondsId,
    connectorId: connector.value.id,
    sourceSystem: connector.value.sourceSystem,
    sourceKey: `document:${doc.kind}:${doc.documentNo}`,
    kind: "business_document",
    documentNo: doc.documentNo,
    date: doc.date,
    title: [doc.documentNo, doc.counterparty].filter(Boolean).join(" "),
    counterparty: doc.counterparty ?? null,
    amount: doc.amount ?? null,
    data: { businessKind: doc.kind, currency: doc.currency, lines: doc.lines, ...doc.data },
    file: bytes && doc.file ? { name: doc.file.name, bytes, mediaType: (await sniffMediaType(bytes, doc.file.name)).mediaType } : null,
  });
}
