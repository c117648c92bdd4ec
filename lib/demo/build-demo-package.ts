import { PDFDocument, StandardFonts } from "pdf-lib";
import yazl from "yazl";
import { compareDecimals, formatDecimal } from "@/lib/decimal";
import type { DemoVoucher } from "./generate-ledger";
import { renderEinvoiceXml } from "./render-einvoice-xml";

export interface DemoPackageInput {
  vouchers: readonly DemoVoucher[];
  /** The voucher data file placed at the package root (its name decides how it is read). */
  voucherFile: { name: string; bytes: Buffer };
  companyName: string;
}

async function bankReceiptPdf(v: DemoVoucher, companyName: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Bank receipt ${v.voucherWord}-${v.voucherNo}`);
  pdf.setCreator("Acta demo data");
  // Fixed dates keep the package byte-identical between runs.
  pdf.setCreationDate(new Date(`${v.date}T02:00:00Z`));
  pdf.setModificationDate(new Date(`${v.date}T02:00:00Z`));
  const page = pdf.addPage([420, 260]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const amount = v.lines.reduce((max, l) => (compareDecimals(l.debit, max) > 0 ? l.debit : max), "0.00");
  const lines = [
    "ICBC electronic bank receipt (demo)",
    `Date: ${v.date}`,
    `Account holder: ${companyName.replace(/[^\x20-\x7e]/g, "").trim() || "Demo company"}`,
    `Amount: CNY ${formatDecimal(amount, 2, { grouping: true })}`,
    `Voucher: ${v.fiscalYear}/${v.period} No. ${v.voucherNo}`,
  ];
  lines.forEach((text, i) => page.drawText(text, { x: 24, y: 220 - i * 28, size: i === 0 ? 14 : 11, font }));
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

function toBuffer(zip: yazl.ZipFile): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
    zip.end();
  });
}

/**
 * A DA/T 94 Fig. F.1 package: 说明文件, the voucher data file, and one folder per voucher
 * (凭证类会计档案/<n>月会计凭证/<字>-<号>/) holding its 数电票 XML invoices and its bank receipt as
 * PDF, as banks now issue them. Entries carry a fixed time so the same vouchers give the same bytes.
 */
export async function buildDemoPackage(input: DemoPackageInput): Promise<Buffer> {
  const year = input.vouchers[0]?.fiscalYear ?? 2025;
  const root = `${year}年会计档案`;
  const mtime = new Date(Date.UTC(year + 1, 0, 15));
  const zip = new yazl.ZipFile();
  const months = [...new Set(input.vouchers.map((v) => v.period))].sort((a, b) => a - b);
  const readme = `${year}年${months[0]}月—${months[months.length - 1]}月电子会计凭证，共${input.vouchers.length}件，财务部王会计移交。\r\n`;
  zip.addBuffer(Buffer.from(readme, "utf8"), `${root}/说明文件.txt`, { mtime });
  zip.addBuffer(input.voucherFile.bytes, `${root}/${input.voucherFile.name}`, { mtime });
  for (const v of input.vouchers) {
    const folder = `${root}/会计档案/凭证类会计档案/${v.period}月会计凭证/${v.voucherWord}-${v.voucherNo}`;
    for (const invoice of v.invoices) zip.addBuffer(Buffer.from(renderEinvoiceXml(invoice), "utf8"), `${folder}/电子发票-${invoice.number}.xml`, { mtime });
    if (v.bankReceipt) {
      zip.addBuffer(await bankReceiptPdf(v, input.companyName), `${folder}/银行回单.pdf`, { mtime, compress: false });
    }
  }
  return toBuffer(zip);
}
