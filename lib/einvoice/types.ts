export const INVOICE_KINDS = ["fully_digital_special", "fully_digital_general", "vat_electronic_general", "vat_electronic_special", "unknown"] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

export interface InvoiceItem {
  name: string;
  spec: string;
  unit: string;
  /** Exact decimal strings, canonical as lib/decimal writes them ("" when the invoice leaves them blank). */
  quantity: string;
  unitPrice: string;
  amount: string;
  /** A fraction ("0.06"), or the printed text when the rate is not numeric (免税, 不征税). */
  taxRate: string;
  tax: string;
}

export interface InvoiceSignature {
  /** OID, e.g. 1.2.156.10197.1.501 (SM2 signature with SM3, GM/T 0006). */
  algorithm?: string;
  /** UTC, ISO 8601. */
  time?: string;
  /** Whether a signature value is actually there (DA/T 70 1-1 checks it; verification is separate). */
  present: boolean;
}

export interface EInvoice {
  /** 20 digits for 数电票; 8 digits (with `code`) for legacy VAT e-invoices. */
  number: string;
  /** Legacy 10/12-digit 发票代码; 数电票 have none. */
  code?: string;
  kind: InvoiceKind;
  issueDate: string;
  sellerName: string;
  sellerTaxId: string;
  buyerName: string;
  /** Absent when the buyer is a natural person, who has no taxpayer number. */
  buyerTaxId?: string;
  /** 金额 (excluding tax), 税额 and 价税合计, exact decimals. */
  amount: string;
  tax: string;
  total: string;
  currency: "CNY";
  items: InvoiceItem[];
  /** 红字发票: the blue invoice it reverses, for duplicate and reversal control (财会〔2024〕11号 Art. 25). */
  redInvoice?: { originalNumber: string };
  signature?: InvoiceSignature;
  source: "xml" | "ofd-customdata" | "ofd-attachment";
}
