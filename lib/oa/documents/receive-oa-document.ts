import { z } from "zod";
import type { ServiceContext } from "@/lib/context";
import { type Result, fail, invalid } from "@/lib/errors";
import { CurrencySchema, IsoDateSchema, MoneySchema } from "@/lib/erp/model";
import { InlineFileSchema, type PushedDocument, decodeBase64File, keepSourceDocument } from "@/lib/erp/import/keep-source-document";
import { MEDIA_TYPES, sniffMediaType } from "@/lib/files/identify";
import { authenticateOaServer } from "../connectors/load-oa-runtime";

/** The rendered form is what people signed off: only the long-term layout formats (DA/T 94 6.4: OFD, then PDF). */
const FORM_MEDIA_TYPES = new Set<string>([MEDIA_TYPES.ofd, MEDIA_TYPES.pdf]);

const TrailEntry = z.object({
  step: z.string().trim().min(1).max(200),
  actor: z.string().trim().min(1).max(200),
  action: z.enum(["submitted", "approved", "rejected", "returned", "transferred", "commented"]),
  comment: z.string().max(2000).optional(),
  at: z.iso.datetime({ offset: true }),
});

export const OaDocumentInput = z
  .object({
    kind: z.enum(["expense_claim", "approval_form"]),
    /** The claim or form number; ERP vouchers cite it in documentRefs, which links the two. */
    documentNo: z.string().trim().min(1).max(200),
    title: z.string().trim().min(1).max(500),
    date: IsoDateSchema,
    applicant: z.string().trim().min(1).max(200).optional(),
    amount: MoneySchema.optional(),
    currency: CurrencySchema.default("CNY"),
    /** The OA's own process instance, kept for tracing back. */
    instanceId: z.string().trim().min(1).max(200).optional(),
    data: z.record(z.string(), z.unknown()),
    form: InlineFileSchema,
    trail: z.array(TrailEntry).min(1).max(500),
  })
  // Only a form whose trail ends in an approval is a source document; a pending or refused one is not.
  .refine((d) => d.trail.at(-1)?.action === "approved", { path: ["trail"], message: "not approved" });

/**
 * Keeps an approved expense claim or approval form sent by the OA's server (its data, its rendered form
 * as OFD or PDF, its approval trail) as a source document of the connector's fonds, linked to the ERP
 * voucher citing its number whichever arrives first. Only the OA's server, holding the connector key,
 * may send one; the same document again is "unchanged".
 */
export async function receiveOaDocument(
  ctx: ServiceContext,
  input: { connectorId: string; apiKey: string | null; readBody: () => Promise<Result<unknown>> },
): Promise<Result<PushedDocument>> {
  const connector = await authenticateOaServer(ctx.db, input.connectorId, input.apiKey);
  if (!connector.ok) return connector;
  // Read only once the key is proven: a form may be 50 MiB, and nobody else may make the server buffer one.
  const body = await input.readBody();
  if (!body.ok) return body;
  const parsed = OaDocumentInput.safeParse(body.value);
  if (!parsed.success) return invalid(parsed.error);
  const { form, ...doc } = parsed.data;
  const bytes = decodeBase64File(form.contentBase64);
  if (!bytes) return fail("oa.document_form_invalid");
  const { mediaType } = await sniffMediaType(bytes, form.name);
  if (!FORM_MEDIA_TYPES.has(mediaType)) return fail("oa.document_form_type", { mediaType });
  return keepSourceDocument(ctx, {
    fondsId: connector.value.fondsId,
    connectorId: connector.value.id,
    sourceSystem: `oa:${connector.value.kind}`,
    // Per connector: two OAs of one fonds may both number their claims from 1.
    sourceKey: `oa:${connector.value.id}:${doc.kind}:${doc.documentNo}`,
    kind: doc.kind,
    documentNo: doc.documentNo,
    date: doc.date,
    title: doc.title,
    counterparty: doc.applicant ?? null,
    amount: doc.amount ?? null,
    data: { form: doc.data, trail: doc.trail, currency: doc.currency, instanceId: doc.instanceId ?? null, oaConnectorId: connector.value.id },
    file: { name: form.name, bytes, mediaType },
  });
}
