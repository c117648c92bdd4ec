import { fail, type Result } from "@/lib/errors";
import { buildInvoice, beijingTimeToUtc } from "./build-invoice";
import type { EInvoice, InvoiceKind } from "./types";
import { childrenOf, parseXml, pathOf, textOf, type XmlNode } from "./xml";

/** Header/InherentLabel/GeneralOrSpecialVAT: 01 专票, 02 普票 (数电票 XML, domain.md §6). */
const FULLY_DIGITAL_KINDS: Record<string, InvoiceKind> = { "01": "fully_digital_special", "02": "fully_digital_general" };

/** Second field of the legacy QR/graph code is the invoice type: 10 电子普通发票, 08 电子专用发票. */
const LEGACY_KINDS: Record<string, InvoiceKind> = { "10": "vat_electronic_general", "08": "vat_electronic_special" };

function parseFullyDigital(root: unknown, source: EInvoice["source"]): Result<EInvoice> {
  const data = pathOf(root, "EInvoiceData");
  const basic = pathOf(data, "BasicInformation");
  const seller = pathOf(data, "SellerInformation");
  const buyer = pathOf(data, "BuyerInformation");
  const supervision = pathOf(root, "TaxSupervisionInfo");
  const labels = pathOf(root, "Header", "InherentLabel");
  const redBlock = pathOf(data, "SpecificInformation", "RedEInvoice");
  // InIssuType N marks a red-letter invoice; its RedEInvoice block names the blue one it reverses.
  const isRed = textOf(pathOf(labels, "InIssuType", "LabelCode")) === "N" || redBlock !== undefined;
  const signature = pathOf(root, "TaxBureauSignature");
  return buildInvoice({
    number: textOf(pathOf(supervision, "InvoiceNumber")) ?? textOf(pathOf(root, "Header", "EIid")),
    kind: FULLY_DIGITAL_KINDS[textOf(pathOf(labels, "GeneralOrSpecialVAT", "LabelCode")) ?? ""] ?? "unknown",
    issueDate: textOf(pathOf(supervision, "IssueTime")) ?? textOf(pathOf(basic, "RequestTime")),
    sellerName: textOf(pathOf(seller, "SellerName")),
    sellerTaxId: textOf(pathOf(seller, "SellerIdNum")),
    buyerName: textOf(pathOf(buyer, "BuyerName")),
    buyerTaxId: textOf(pathOf(buyer, "BuyerIdNum")),
    amount: textOf(pathOf(basic, "TotalAmWithoutTax")),
    tax: textOf(pathOf(basic, "TotalTaxAm")),
    // The header total; each IssuItemInformation has its own TotaltaxIncludedAmount, a different field.
    total: textOf(pathOf(basic, "TotalTax-includedAmount")),
    items: childrenOf(data, "IssuItemInformation").map((line) => ({
      name: textOf(pathOf(line, "ItemName")),
      spec: textOf(pathOf(line, "SpecMod")),
      unit: textOf(pathOf(line, "MeaUnits")),
      quantity: textOf(pathOf(line, "Quantity")),
      unitPrice: textOf(pathOf(line, "UnPrice")),
      amount: textOf(pathOf(line, "Amount")),
      taxRate: textOf(pathOf(line, "TaxRate")),
      tax: textOf(pathOf(line, "ComTaxAm")),
    })),
    ...(isRed ? { red: { originalNumber: textOf(pathOf(redBlock, "OriginalInvoiceCode")) ?? textOf(pathOf(redBlock, "OriginalInvoiceNumber")) } } : {}),
    ...(signature !== undefined
      ? {
          signature: {
            algorithm: textOf(pathOf(signature, "SignatureAlgorithm")),
            time: beijingTimeToUtc(textOf(pathOf(signature, "SignatureTime"))),
            present: (textOf(pathOf(signature, "SignatureValue")) ?? "") !== "",
          },
        }
      : {}),
    source,
  });
}

/** The 2016/2019 增值税电子发票 XML (namespace http://www.edrm.org.cn/schema/e-invoice/…), found attached inside OFDs. */
function parseLegacy(root: unknown, source: EInvoice["source"]): Result<EInvoice> {
  const buyer = pathOf(root, "Buyer");
  const seller = pathOf(root, "Seller");
  const graphType = (textOf(pathOf(root, "GraphCode")) ?? "").split(",")[1] ?? "";
  const signatureValue = textOf(pathOf(root, "Signature")) ?? "";
  return buildInvoice({
    number: textOf(pathOf(root, "InvoiceNo")),
    code: textOf(pathOf(root, "InvoiceCode")),
    kind: LEGACY_KINDS[graphType] ?? "unknown",
    issueDate: textOf(pathOf(root, "IssueDate")),
    sellerName: textOf(pathOf(seller, "SellerName")),
    sellerTaxId: textOf(pathOf(seller, "SellerTaxID")),
    buyerName: textOf(pathOf(buyer, "BuyerName")),
    buyerTaxId: textOf(pathOf(buyer, "BuyerTaxID")),
    amount: textOf(pathOf(root, "TaxExclusiveTotalAmount")),
    tax: textOf(pathOf(root, "TaxTotalAmount")),
    total: textOf(pathOf(root, "TaxInclusiveTotalAmount")),
    items: childrenOf(pathOf(root, "GoodsInfos"), "GoodsInfo").map((line) => ({
      name: textOf(pathOf(line, "Item")),
      spec: textOf(pathOf(line, "Specification")),
      unit: textOf(pathOf(line, "MeasurementDimension")),
      quantity: textOf(pathOf(line, "Quantity")),
      unitPrice: textOf(pathOf(line, "Price")),
      amount: textOf(pathOf(line, "Amount")),
      taxRate: textOf(pathOf(line, "TaxScheme")),
      tax: textOf(pathOf(line, "TaxAmount")),
    })),
    ...(signatureValue !== "" ? { signature: { present: true } } : {}),
    source,
  });
}

/**
 * Parses an e-invoice XML: the 数电票 `EInvoice` document or the legacy `eInvoice` one.
 * `source` is "ofd-attachment" when the XML came out of an OFD.
 */
export function parseInvoiceXml(text: string, source: "xml" | "ofd-attachment" = "xml"): Result<EInvoice> {
  const parsed = parseXml(text);
  if (!parsed.ok) return parsed;
  const doc: XmlNode = parsed.value;
  if (doc.EInvoice !== undefined) return parseFullyDigital(doc.EInvoice, source);
  if (doc.eInvoice !== undefined) return parseLegacy(doc.eInvoice, source);
  return fail("einvoice.unknown_xml");
}
