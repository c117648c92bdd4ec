import path from "node:path/posix";
import { readPackageFiles, type PackageLimits } from "@/lib/erp/package/read-package";
import { fail, ok, type Result } from "@/lib/errors";
import { beijingTimeToUtc, buildInvoice } from "./build-invoice";
import { parseInvoiceXml } from "./parse-invoice-xml";
import type { EInvoice, InvoiceKind, InvoiceSignature } from "./types";
import { attributeOf, childrenOf, decodeXmlBytes, parseXml, pathOf, textOf } from "./xml";

/** An invoice OFD is a few hundred KiB; anything far larger is not one. */
const OFD_LIMITS: Partial<PackageLimits> = { maxTotalSize: 64 * 1024 ** 2, maxEntries: 10_000 };

type Files = Map<string, Buffer>;

/** OFD locations are relative to the referring file's folder, or absolute from the package root (GB/T 33190 §7.5 ST_Loc). */
function resolveLoc(from: string, loc: string): string {
  return loc.startsWith("/") ? path.normalize(loc.slice(1)) : path.normalize(path.join(path.dirname(from), loc));
}

function readXml(files: Files, name: string): unknown {
  const bytes = files.get(name);
  if (!bytes) return undefined;
  const text = decodeXmlBytes(bytes);
  if (!text.ok) return undefined;
  const parsed = parseXml(text.value);
  return parsed.ok ? parsed.value : undefined;
}

/** The names used in DocInfo/CustomDatas by the tax bureau's OFD invoices. */
const CUSTOM_DATA_FIELDS = {
  发票号码: "number",
  发票代码: "code",
  开票日期: "issueDate",
  合计金额: "amount",
  合计税额: "tax",
  价税合计: "total",
  购买方名称: "buyerName",
  购买方纳税人识别号: "buyerTaxId",
  销售方名称: "sellerName",
  销售方纳税人识别号: "sellerTaxId",
} as const;

/** Element names of the invoice tag files (Doc_N/Tags/CustomTag.xml) that point at page text. */
const TAG_FIELDS = {
  InvoiceNo: "number",
  InvoiceCode: "code",
  IssueDate: "issueDate",
  BuyerName: "buyerName",
  BuyerTaxID: "buyerTaxId",
  SellerName: "sellerName",
  SellerTaxID: "sellerTaxId",
  TaxExclusiveTotalAmount: "amount",
  TaxTotalAmount: "tax",
  TaxInclusiveTotalAmount: "total",
} as const;

type FieldName = (typeof CUSTOM_DATA_FIELDS)[keyof typeof CUSTOM_DATA_FIELDS];
type Fields = Partial<Record<FieldName, string>>;

function customDataFields(docBody: unknown): Fields {
  const fields: Fields = {};
  for (const entry of childrenOf(pathOf(docBody, "DocInfo", "CustomDatas"), "CustomData")) {
    const field = CUSTOM_DATA_FIELDS[(attributeOf(entry, "Name") ?? "") as keyof typeof CUSTOM_DATA_FIELDS];
    const value = textOf(entry);
    if (field && value) fields[field] = value;
  }
  return fields;
}

/** Every TextObject's text by ID, walking layers and page blocks at any depth. */
function collectText(node: unknown, into: Map<string, string>): void {
  if (Array.isArray(node)) {
    for (const child of node) collectText(child, into);
    return;
  }
  if (!node || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    if (key !== "TextObject") {
      collectText(value, into);
      continue;
    }
    for (const object of Array.isArray(value) ? value : [value]) {
      const id = attributeOf(object, "ID");
      const text = childrenOf(object, "TextCode").map((code) => textOf(code) ?? "").join("");
      if (id) into.set(id, text);
    }
  }
}

/** Tag elements that hold ObjectRefs, by local name, first occurrence wins. */
function collectTagRefs(node: unknown, into: Map<string, string[]>): void {
  if (!node || typeof node !== "object" || Array.isArray(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("@_") || key === "#text") continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      const refs = childrenOf(child, "ObjectRef").map((ref) => textOf(ref) ?? "");
      if (refs.length > 0) {
        if (!into.has(key)) into.set(key, refs);
      } else {
        collectTagRefs(child, into);
      }
    }
  }
}

/**
 * Reads the invoice fields the tag files map onto page text objects (CustomTag.xml → ObjectRef IDs
 * → TextObject text). Only header fields: item lines wrap across text objects and cannot be
 * rebuilt reliably.
 */
function taggedFields(files: Files, documentPath: string): Fields {
  const document = readXml(files, documentPath);
  const pages = new Map<string, string>();
  for (const page of childrenOf(pathOf(document, "Document", "Pages"), "Page")) {
    const loc = attributeOf(page, "BaseLoc");
    if (loc) collectText(readXml(files, resolveLoc(documentPath, loc)), pages);
  }
  const tagsLoc = textOf(pathOf(document, "Document", "CustomTags"));
  if (!tagsLoc) return {};
  const tagsPath = resolveLoc(documentPath, tagsLoc);
  const refs = new Map<string, string[]>();
  for (const tag of childrenOf(pathOf(readXml(files, tagsPath), "CustomTags"), "CustomTag")) {
    const loc = textOf(pathOf(tag, "FileLoc"));
    if (loc) collectTagRefs(readXml(files, resolveLoc(tagsPath, loc)), refs);
  }
  const fields: Fields = {};
  for (const [tag, field] of Object.entries(TAG_FIELDS)) {
    const text = (refs.get(tag) ?? []).map((id) => pages.get(id) ?? "").join("").trim();
    if (text) fields[field] = text;
  }
  return fields;
}

/** The printed title decides the kind when only index data is available ("电子发票（增值税专用发票）"). */
function kindFromPrintedTitle(files: Files, fields: Fields): InvoiceKind {
  const text = [...files.entries()]
    .filter(([name]) => /\/(Pages|Tpls)\/[^/]+\/Content\.xml$/.test(name))
    .map(([, bytes]) => bytes.toString("utf8"))
    .join("");
  if (/^\d{20}$/.test(fields.number ?? "")) {
    if (text.includes("增值税专用发票")) return "fully_digital_special";
    if (text.includes("普通发票")) return "fully_digital_general";
  } else if (fields.code) {
    if (text.includes("电子专用发票")) return "vat_electronic_special";
    if (text.includes("电子普通发票")) return "vat_electronic_general";
  }
  return "unknown";
}

/** An OFD is signed when it declares Signatures or carries a Signs folder (GB/T 33190 §18, DA/T 70 1-1). */
function ofdSignature(files: Files, docBody: unknown): InvoiceSignature | undefined {
  const listLoc = textOf(pathOf(docBody, "Signatures"));
  const listPath = listLoc ? resolveLoc("OFD.xml", listLoc) : [...files.keys()].find((name) => /(^|\/)Signs\/Signatures\.xml$/.test(name));
  const hasSigns = [...files.keys()].some((name) => /(^|\/)Signs\//.test(name));
  if (!listPath && !hasSigns) return undefined;
  const first = childrenOf(pathOf(listPath ? readXml(files, listPath) : undefined, "Signatures"), "Signature")[0];
  const baseLoc = attributeOf(first, "BaseLoc");
  const signed = baseLoc && listPath ? pathOf(readXml(files, resolveLoc(listPath, baseLoc)), "Signature", "SignedInfo") : undefined;
  const algorithm = textOf(pathOf(signed, "SignatureMethod"));
  const time = beijingTimeToUtc(textOf(pathOf(signed, "SignatureDateTime")));
  return { ...(algorithm ? { algorithm } : {}), ...(time ? { time } : {}), present: true };
}

function withSignature(invoice: Result<EInvoice>, signature: InvoiceSignature | undefined): Result<EInvoice> {
  if (!invoice.ok || !signature) return invoice;
  return ok({ ...invoice.value, signature });
}

/**
 * Extracts invoice data from an OFD (GB/T 33190): the structured invoice XML attached under
 * Doc_N/Attachs/ first, as it is the issuer's own data with every line; otherwise the index in
 * OFD.xml DocInfo/CustomDatas, completed from the tag files. The container passes the same safety
 * checks as any upload. Without invoice data the result is `einvoice.no_invoice_data`: the file is
 * still archived, just not indexed.
 */
export async function parseInvoiceOfd(bytes: Uint8Array): Promise<Result<EInvoice>> {
  const read = await readPackageFiles(bytes, OFD_LIMITS);
  if (!read.ok) return read;
  const files = read.value;
  const docBody = pathOf(readXml(files, "OFD.xml"), "OFD", "DocBody");
  if (docBody === undefined) return fail("einvoice.not_ofd");
  const signature = ofdSignature(files, docBody);
  const index = customDataFields(docBody);

  const attachments = [...files.keys()].filter((name) => /^Doc_\d+\/Attachs\/.+\.xml$/i.test(name) && !/\/Attachments\.xml$/i.test(name));
  for (const name of attachments) {
    const text = decodeXmlBytes(files.get(name) ?? Buffer.alloc(0));
    const invoice = text.ok ? parseInvoiceXml(text.value, "ofd-attachment") : text;
    if (!invoice.ok) continue;
    // Index and attachment disagreeing means one was altered after issue (DA/T 70 1-1).
    if (index.number && index.number !== invoice.value.number) {
      return fail("einvoice.inconsistent_ofd", { indexNumber: index.number, attachedNumber: invoice.value.number });
    }
    // The container signature covers the attachment too, so it is the one DA/T 70 1-1 looks at.
    return withSignature(invoice, signature);
  }

  const docRoot = textOf(pathOf(docBody, "DocRoot"));
  const tagged = docRoot ? taggedFields(files, resolveLoc("OFD.xml", docRoot)) : {};
  const fields: Fields = { ...tagged, ...index };
  if (!fields.number) return fail("einvoice.no_invoice_data");
  return withSignature(buildInvoice({ ...fields, kind: kindFromPrintedTitle(files, fields), items: [], source: "ofd-customdata" }), signature);
}
