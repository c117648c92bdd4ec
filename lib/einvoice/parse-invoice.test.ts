import { describe, expect, it } from "vitest";
import { MEDIA_TYPES } from "@/lib/files/identify";
import { MAX_INVOICE_BYTES, invoiceTooLarge, parseInvoice } from "./parse-invoice";

describe("parseInvoice size cap", () => {
  it("refuses an invoice file over the cap with its size and the limit, before parsing it", async () => {
    const huge = Buffer.alloc(MAX_INVOICE_BYTES + 1, " ");
    const refusal = { ok: false, error: { code: "einvoice.too_large", params: { size: MAX_INVOICE_BYTES + 1, maxMiB: 32 } } };
    expect(await parseInvoice(huge, MEDIA_TYPES.xml)).toEqual(refusal);
    expect(await parseInvoice(huge, MEDIA_TYPES.ofd)).toEqual(refusal);
    // A stored file is judged by its recorded size, so its bytes are not read at all.
    expect(invoiceTooLarge(MAX_INVOICE_BYTES + 1)).toEqual(refusal);
    expect(invoiceTooLarge(MAX_INVOICE_BYTES)).toBeNull();
  });
});
