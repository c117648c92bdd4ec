/**
 * Writes the binary fixtures (GBK and Windows-1252 CSV, XLSX) that cannot be typed by hand. Run with
 * `npx tsx lib/erp/__fixtures__/make-fixtures.ts`; the outputs are committed.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

const here = import.meta.dirname;

/** K/3 voucher export with Chinese headers, saved by Excel on a Chinese Windows: GBK (code page 936). */
export const K3_CHINESE_CSV = [
  "日期,会计期间,凭证字,凭证号,附件数,制单,审核,过账,出纳,分录号,摘要,科目代码,科目名称,币别,汇率,原币金额,数量,单价,借方,贷方,核算项目",
  "2024/03/15,3,收,3,1,张三,李四,王五,赵六,1,收到货款,1002.01,银行存款-工商银行,人民币,1,\"11,300.00\",,,\"11,300.00\",,",
  "2024/03/15,3,收,3,1,张三,李四,王五,赵六,2,收到货款,1122,应收账款,人民币,1,\"11,300.00\",,,,\"11,300.00\",客户:华南贸易有限公司;部门:销售部",
].join("\r\n");

/**
 * SAP FBL3N downloaded "unconverted" on a German Windows: Windows-1252, umlauts in headers and texts,
 * German amounts. "gemäß" puts two high bytes side by side, which by themselves read as one GB2312 character.
 */
export const SAP_GERMAN_CP1252_CSV = [
  "Buchungskreis;Belegnummer;Geschäftsjahr;Buchungsperiode;Belegart;Belegdatum;Buchungsdatum;Text;Sachkonto;Soll/Haben-Kennz.;Betrag in Hauswährung;Hauswährung;Kostenstelle;Zuordnung;Referenz;Position",
  "1000;0100000012;2024;3;SA;14.03.2024;15.03.2024;Büromaterial gemäß Bestellung;660201;S;1.234,56;EUR;CC100;;INV-88;1",
  "1000;0100000012;2024;3;SA;14.03.2024;15.03.2024;Büromaterial gemäß Bestellung;100201;H;1.234,56;EUR;;;INV-88;2",
  "1000;1900000007;2024;3;KR;16.03.2024;18.03.2024;Gebühren Überweisung Müller & Söhne;660201;S;10.000,00;EUR;CC200;;RE-77;1",
  "1000;1900000007;2024;3;KR;16.03.2024;18.03.2024;Gebühren Überweisung Müller & Söhne;220201;H;10.000,00;EUR;;Straße 5;RE-77;2",
].join("\r\n");

async function kingdeeCloudXlsx(): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("凭证");
  sheet.addRow(["凭证查询"]);
  sheet.mergeCells("A1:H1");
  sheet.addRow(["账簿：001 示例公司总账", "", "", "期间：2024年第3期"]);
  sheet.addRow(["账簿", "日期", "年度", "期间", "凭证字", "凭证号", "摘要", "科目编码", "科目名称", "核算维度", "借方金额", "贷方金额"]);
  // Excel date serial 45366 = 2024-03-15, typed as a plain number.
  sheet.addRow(["001", 45366, 2024, 3, "记", 7, "报销差旅费", "6602.03", "管理费用-差旅费", "部门:行政部", "12,345.60", ""]);
  sheet.addRow(["001", null, 2024, 3, null, null, "报销差旅费", "1001", "库存现金", "", "", "12,345.60"]);
  // Voucher word, number and date merged down over the voucher's lines, as 星空's list export does.
  sheet.mergeCells("B4:B5");
  sheet.mergeCells("E4:E5");
  sheet.mergeCells("F4:F5");
  sheet.addRow(["001", new Date(Date.UTC(2024, 2, 20)), 2024, 3, "转", 8, "结转利息", "6603", "财务费用", "", 0.1 + 0.2, ""]);
  sheet.addRow(["001", new Date(Date.UTC(2024, 2, 20)), 2024, 3, "转", 8, "结转利息", "2231", "应付利息", "", "", "0.30"]);
  sheet.getCell("B6").numFmt = "yyyy-mm-dd";
  sheet.getCell("B7").numFmt = "yyyy-mm-dd";
  await workbook.xlsx.writeFile(path.join(here, "kingdee-cloud/voucher-list.xlsx"));
}

async function main(): Promise<void> {
  writeFileSync(path.join(here, "kingdee-k3/voucher-export-gbk.csv"), iconv.encode(K3_CHINESE_CSV, "gbk"));
  writeFileSync(path.join(here, "sap-fbl3n/fbl3n-german-cp1252.csv"), iconv.encode(SAP_GERMAN_CP1252_CSV, "windows1252"));
  await kingdeeCloudXlsx();
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(here, "make-fixtures.ts")) await main();
