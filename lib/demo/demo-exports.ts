import type { FormatId } from "@/lib/erp/formats/types";
import { buildDemoPackage } from "./build-demo-package";
import { DEMO_FLAWS, generateLedger, type DemoCompany, type DemoVoucher } from "./generate-ledger";
import { writeCanonicalJson } from "./write-canonical-json";
import { writeKingdeeK3Csv } from "./write-kingdee-k3-csv";
import { writeYonyouU8Xlsx } from "./write-yonyou-u8-xlsx";

export const DEMO_FISCAL_YEAR = 2025;

/** The two demo companies as the ERPs know them; fondsCode ties them to db/seed/demo.ts's fonds. */
export const DEMO_COMPANIES = {
  Z001: { name: "华夏示范集团有限公司", taxId: "91440101MA5DEMO01X", province: "44", vouchersPerMonth: 250, seed: 2025_001 },
  Z002: { name: "华夏示范（上海）贸易有限公司", taxId: "91310115MA1DEMO02Y", province: "31", vouchersPerMonth: 70, seed: 2025_002 },
} as const satisfies Record<string, DemoCompany & { vouchersPerMonth: number; seed: number }>;

export type DemoFondsCode = keyof typeof DEMO_COMPANIES;

export interface DemoExport {
  fondsCode: DemoFondsCode;
  fileName: string;
  /** The preset the importer should detect (a package is detected by its voucher file). */
  formatId: FormatId | "package";
  /** True for the one export per fonds a fresh demo database imports at start. */
  seedsArchive: boolean;
  build(): Promise<Buffer>;
}

/** Each fonds' full year: generated once per call, shared by the exports cut from it. */
export function demoLedger(fondsCode: DemoFondsCode): DemoVoucher[] {
  const c = DEMO_COMPANIES[fondsCode];
  return generateLedger({ seed: c.seed, fiscalYear: DEMO_FISCAL_YEAR, company: c, vouchersPerMonth: c.vouchersPerMonth, flaws: DEMO_FLAWS });
}

/**
 * The demo's ERP exports: the parent's year from Kingdee K/3 (GBK CSV), the subsidiary's from
 * Yonyou U8 (XLSX with title rows), the subsidiary's first quarter again as canonical JSON, and the
 * parent's January as a DA/T 94 package with 数电票 XML invoices and bank-receipt PDFs. Re-importing
 * the package's vouchers after the CSV finds them unchanged and adds their attachments, so a fresh
 * demo shows vouchers with their invoices and receipts, not only bare ledger lines.
 */
export function demoExports(): DemoExport[] {
  let z001: DemoVoucher[] | undefined;
  let z002: DemoVoucher[] | undefined;
  const parent = () => (z001 ??= demoLedger("Z001"));
  const subsidiary = () => (z002 ??= demoLedger("Z002"));
  const y = DEMO_FISCAL_YEAR;
  return [
    { fondsCode: "Z001", fileName: `Z001-金蝶K3-凭证引出-${y}.csv`, formatId: "kingdee-k3", seedsArchive: true, build: async () => writeKingdeeK3Csv(parent()) },
    {
      fondsCode: "Z002",
      fileName: `Z002-用友U8-凭证查询-${y}.xlsx`,
      formatId: "yonyou-u8",
      seedsArchive: true,
      build: () => writeYonyouU8Xlsx(subsidiary(), `${DEMO_COMPANIES.Z002.name} ${y}年度凭证查询`),
    },
    {
      fondsCode: "Z002",
      fileName: `Z002-标准凭证-${y}Q1.json`,
      formatId: "canonical-json",
      seedsArchive: false,
      build: async () => writeCanonicalJson(subsidiary().filter((v) => v.period <= 3), "demo-erp"),
    },
    {
      fondsCode: "Z001",
      fileName: `Z001-凭证包-${y}年1月.zip`,
      formatId: "package",
      seedsArchive: true,
      build: () => {
        const january = parent().filter((v) => v.period === 1);
        return buildDemoPackage({ vouchers: january, voucherFile: { name: "凭证数据.csv", bytes: writeKingdeeK3Csv(january) }, companyName: DEMO_COMPANIES.Z001.name });
      },
    },
  ];
}
