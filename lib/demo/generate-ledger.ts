import { ACCOUNTS, type AccountKey } from "./chart-of-accounts";
import { createRng, type Rng } from "./rng";

/** Mistakes a real export carries now and then; each must be caught by the importer, never silently kept. */
export const DEMO_FLAWS = ["unbalanced", "date_outside_period", "missing_account", "duplicate_invoice"] as const;
export type DemoFlaw = (typeof DEMO_FLAWS)[number];

export interface DemoLine {
  summary: string;
  accountCode: string;
  accountName: string;
  /** Exact decimal strings with two places (分); "0.00" on the other side. */
  debit: string;
  credit: string;
  dimensions: Record<string, string>;
}

export interface DemoInvoice {
  /** 20-digit 数电票 number: year, province, channel, 15-digit sequence. */
  number: string;
  issueDate: string;
  sellerName: string;
  sellerTaxId: string;
  buyerName: string;
  buyerTaxId: string;
  itemName: string;
  unit: string;
  /** Tax rate as the XML writes it ("0.06"). */
  taxRate: string;
  amount: string;
  tax: string;
  total: string;
  drawer: string;
}

export interface DemoVoucher {
  fiscalYear: number;
  period: number;
  voucherWord: string;
  voucherNo: string;
  date: string;
  preparer: string;
  reviewer: string;
  poster: string;
  cashier?: string;
  attachmentCount: number;
  /** Invoices the voucher cites; the first is the one it books, a duplicate flaw cites another voucher's. */
  invoices: DemoInvoice[];
  /** A bank receipt (银行回单) among the originals, rendered as a PDF in the package. */
  bankReceipt: boolean;
  lines: DemoLine[];
  flaw?: DemoFlaw;
}

export interface DemoCompany {
  name: string;
  /** 统一社会信用代码 (18 characters), the buyer on every invoice. */
  taxId: string;
  /** Province code for invoice numbers: 44 Guangdong, 31 Shanghai. */
  province: string;
}

export interface GenerateLedgerOptions {
  seed: number;
  fiscalYear: number;
  company: DemoCompany;
  vouchersPerMonth: number;
  months?: readonly number[];
  flaws?: readonly DemoFlaw[];
}

const DEPARTMENTS = ["行政部", "财务部", "销售部", "采购部", "生产部", "研发部"] as const;
const EMPLOYEES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷", "徐明", "孙丽"] as const;
const CUSTOMERS = ["华南贸易有限公司", "北京恒信科技有限公司", "上海锦程实业有限公司", "深圳前海数联有限公司", "杭州云栖电子商务有限公司", "成都天府物流有限公司"] as const;
const SUPPLIERS = [
  { name: "广州市联众办公用品有限公司", taxId: "91440101MA59ABCD1X" },
  { name: "东莞精工原材料有限公司", taxId: "91441900MA4WXYZ23K" },
  { name: "中国国际航空股份有限公司", taxId: "91110000633727652M" },
  { name: "华住酒店管理有限公司", taxId: "91310000MA1FL3CE8R" },
  { name: "深圳市鹏城餐饮管理有限公司", taxId: "91440300MA5G0P1N2Q" },
  { name: "北京新视界广告传媒有限公司", taxId: "91110105MA01QRST4H" },
  { name: "苏州工业园区设备制造有限公司", taxId: "91320594MA1MEFGH5J" },
] as const;
const PROJECTS = ["华东渠道拓展", "ERP 升级二期", "新品研发 A3", "年度客户大会"] as const;
const PREPARERS = ["王会计", "刘洋", "黄敏"] as const;
const REVIEWERS = ["陈静", "周杰"] as const;
const POSTER = "赵磊";
const CASHIER = "孙丽";

type Supplier = (typeof SUPPLIERS)[number];

interface Entry {
  account: AccountKey;
  debit?: bigint;
  credit?: bigint;
  dimensions?: Record<string, string>;
}

interface Draft {
  word: "记" | "收" | "付" | "转";
  summary: string;
  entries: Entry[];
  attachments: number;
  invoice?: { supplier: Supplier; item: string; unit: string; ratePercent: bigint; net: bigint; tax: bigint };
  bankReceipt?: boolean;
  /** Month-end postings fall on the last day. */
  monthEnd?: boolean;
}

const yuan = (min: number, max: number, rng: Rng) => BigInt(rng.int(min, max)) * 100n + BigInt(rng.int(0, 99));
// Tax on exact fen: half-up rounding in integers, never through floating point.
const taxOf = (net: bigint, percent: bigint) => (net * percent + 50n) / 100n;

export function formatFen(fen: bigint): string {
  const sign = fen < 0n ? "-" : "";
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

function purchase(rng: Rng, word: Draft["word"], summary: string, account: AccountKey, supplier: Supplier, item: string, unit: string, percent: bigint, net: bigint, dims: Record<string, string>, payFrom: AccountKey | "payable"): Draft {
  const tax = taxOf(net, percent);
  const creditAccount: AccountKey = payFrom === "payable" ? "payable" : payFrom;
  return {
    word,
    summary,
    entries: [
      { account, debit: net, dimensions: dims },
      { account: "vatInput", debit: tax },
      { account: creditAccount, credit: net + tax, dimensions: payFrom === "payable" ? { supplier: supplier.name } : {} },
    ],
    // The declared count (附单据数) covers at least the originals the package carries, as a clerk counts them:
    // otherwise the attachment check would warn of every such voucher, for a reason no real ledger has.
    attachments: Math.max(rng.int(1, 4), payFrom === "bank" ? 2 : 1),
    invoice: { supplier, item, unit, ratePercent: percent, net, tax },
    // Paid by transfer, the bank's receipt is among the originals beside the invoice.
    bankReceipt: payFrom === "bank",
  };
}

/** Day-to-day business, weighted roughly as a trading company's vouchers are. */
const TEMPLATES: { weight: number; make: (rng: Rng) => Draft }[] = [
  {
    weight: 14,
    make: (rng) => {
      const employee = rng.pick(EMPLOYEES);
      const department = rng.pick(DEPARTMENTS);
      const supplier = rng.chance(0.5) ? SUPPLIERS[2] : SUPPLIERS[3];
      const net = yuan(300, 6000, rng);
      const item = supplier === SUPPLIERS[2] ? "*运输服务*国内航空旅客运输" : "*住宿服务*住宿费";
      const draft = purchase(rng, "付", `报销差旅费-${employee}`, "adminTravel", supplier, item, "次", supplier === SUPPLIERS[2] ? 9n : 6n, net, { department, employee }, rng.chance(0.3) ? "cash" : "bank");
      return draft;
    },
  },
  {
    weight: 8,
    make: (rng) => purchase(rng, "付", "支付业务招待费", "adminEntertainment", SUPPLIERS[4], "*餐饮服务*餐费", "次", 6n, yuan(200, 5000, rng), { department: rng.pick(["销售部", "行政部"] as const) }, "bank"),
  },
  {
    weight: 8,
    make: (rng) => purchase(rng, "付", "购买办公用品", "adminOffice", SUPPLIERS[0], "*纸制品*复印纸", "箱", 13n, yuan(150, 3000, rng), { department: rng.pick(DEPARTMENTS) }, "bank"),
  },
  {
    weight: 12,
    make: (rng) => purchase(rng, "转", "采购原材料", "materials", SUPPLIERS[1], "*金属制品*冷轧钢板", "吨", 13n, yuan(8000, 180000, rng), { supplier: SUPPLIERS[1].name }, "payable"),
  },
  {
    weight: 12,
    make: (rng) => {
      const amount = yuan(5000, 150000, rng);
      return { word: "付", summary: "支付供应商货款", entries: [{ account: "payable", debit: amount, dimensions: { supplier: SUPPLIERS[1].name } }, { account: "bank", credit: amount }], attachments: 1, bankReceipt: true };
    },
  },
  {
    weight: 16,
    make: (rng): Draft => {
      const customer = rng.pick(CUSTOMERS);
      const net = yuan(10000, 260000, rng);
      const tax = taxOf(net, 13n);
      const project = rng.pick(PROJECTS);
      return {
        word: "转",
        summary: `销售商品-${customer}`,
        entries: [
          { account: "receivable", debit: net + tax, dimensions: { customer } },
          { account: "revenue", credit: net, dimensions: { customer, project } },
          { account: "vatOutput", credit: tax },
        ],
        attachments: rng.int(1, 3),
      };
    },
  },
  {
    weight: 14,
    make: (rng) => {
      const customer = rng.pick(CUSTOMERS);
      const amount = yuan(10000, 280000, rng);
      return { word: "收", summary: `收到货款-${customer}`, entries: [{ account: "bank", debit: amount }, { account: "receivable", credit: amount, dimensions: { customer } }], attachments: 1, bankReceipt: true };
    },
  },
  {
    weight: 6,
    make: (rng) => {
      const amount = yuan(8000, 160000, rng);
      return { word: "转", summary: "结转销售成本", entries: [{ account: "costOfSales", debit: amount }, { account: "goods", credit: amount }], attachments: 1 };
    },
  },
  {
    weight: 4,
    make: (rng) => {
      const fee = yuan(5, 200, rng);
      return { word: "付", summary: "支付银行手续费", entries: [{ account: "finance", debit: fee }, { account: "bank", credit: fee }], attachments: 1, bankReceipt: true };
    },
  },
  {
    weight: 3,
    make: (rng) => {
      const employee = rng.pick(EMPLOYEES);
      const amount = BigInt(rng.int(5, 50)) * 100_00n;
      return { word: "付", summary: `预借差旅费-${employee}`, entries: [{ account: "otherReceivable", debit: amount, dimensions: { employee } }, { account: "cash", credit: amount }], attachments: 1 };
    },
  },
  {
    weight: 3,
    make: (rng) => {
      const amount = BigInt(rng.int(2, 20)) * 1000_00n;
      return { word: "付", summary: "提取备用金", entries: [{ account: "cash", debit: amount }, { account: "bank", credit: amount }], attachments: 1 };
    },
  },
  {
    weight: 3,
    make: (rng) => purchase(rng, "付", "支付广告宣传费", "sellingAds", SUPPLIERS[5], "*广告服务*广告发布费", "项", 6n, yuan(3000, 60000, rng), { department: "销售部", project: rng.pick(PROJECTS) }, "bank"),
  },
  {
    weight: 1,
    make: (rng) => purchase(rng, "付", "购入生产设备", "fixedAssets", SUPPLIERS[6], "*机械设备*数控机床", "台", 13n, yuan(50000, 400000, rng), { department: "生产部" }, "bank"),
  },
];

const TOTAL_WEIGHT = TEMPLATES.reduce((s, t) => s + t.weight, 0);

function pickTemplate(rng: Rng): Draft {
  let roll = rng.int(1, TOTAL_WEIGHT);
  for (const t of TEMPLATES) {
    roll -= t.weight;
    if (roll <= 0) return t.make(rng);
  }
  return TEMPLATES[0]!.make(rng);
}

/** What every month closes with: payroll, depreciation and the VAT transfer (月末结转). */
function monthEnd(rng: Rng, month: number): Draft[] {
  const adminPay = yuan(180000, 220000, rng);
  const salesPay = yuan(120000, 160000, rng);
  const depreciation = yuan(18000, 24000, rng);
  const vat = yuan(20000, 60000, rng);
  return [
    { word: "转", summary: `计提${month}月工资`, entries: [{ account: "adminSalary", debit: adminPay, dimensions: { department: "行政部" } }, { account: "sellingSalary", debit: salesPay, dimensions: { department: "销售部" } }, { account: "payroll", credit: adminPay + salesPay }], attachments: 1, monthEnd: true },
    { word: "付", summary: `发放${month}月工资`, entries: [{ account: "payroll", debit: adminPay + salesPay }, { account: "bank", credit: adminPay + salesPay }], attachments: 2, bankReceipt: true, monthEnd: true },
    { word: "转", summary: "计提固定资产折旧", entries: [{ account: "adminDepreciation", debit: depreciation, dimensions: { department: "行政部" } }, { account: "depreciation", credit: depreciation }], attachments: 1, monthEnd: true },
    { word: "转", summary: "计提增值税（转出未交增值税）", entries: [{ account: "vatTransfer", debit: vat }, { account: "vatUnpaid", credit: vat }], attachments: 1, monthEnd: true },
  ];
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function toLines(draft: Draft): DemoLine[] {
  return draft.entries.map((e) => {
    const account = ACCOUNTS[e.account];
    return {
      summary: draft.summary,
      accountCode: account.code,
      accountName: account.name,
      debit: formatFen(e.debit ?? 0n),
      credit: formatFen(e.credit ?? 0n),
      dimensions: e.dimensions ?? {},
    };
  });
}

function toInvoice(draft: Draft, number: string, date: string, company: DemoCompany, drawer: string): DemoInvoice | null {
  const i = draft.invoice;
  if (!i) return null;
  return {
    number,
    issueDate: date,
    sellerName: i.supplier.name,
    sellerTaxId: i.supplier.taxId,
    buyerName: company.name,
    buyerTaxId: company.taxId,
    itemName: i.item,
    unit: i.unit,
    taxRate: `0.${pad(Number(i.ratePercent))}`,
    amount: formatFen(i.net),
    tax: formatFen(i.tax),
    total: formatFen(i.net + i.tax),
    drawer,
  };
}

/** Breaks one voucher the way the flaw says, keeping everything else about it realistic. */
function applyFlaw(v: DemoVoucher, flaw: DemoFlaw, earlier: DemoVoucher[]): void {
  v.flaw = flaw;
  if (flaw === "unbalanced") {
    const last = v.lines[v.lines.length - 1]!;
    // A typo of one hundred yuan on the credit side: debits and credits no longer agree.
    last.credit = formatFen(BigInt(last.credit.replace(".", "")) + 100_00n);
  } else if (flaw === "date_outside_period") {
    // Dated on the first day of the next month but kept in this period.
    const next = new Date(Date.UTC(v.fiscalYear, v.period, 1));
    v.date = next.toISOString().slice(0, 10);
  } else if (flaw === "missing_account") {
    v.lines[v.lines.length - 1]!.accountCode = "";
  } else {
    const cited = earlier.find((e) => e.invoices.length > 0 && !e.flaw);
    if (cited?.invoices[0]) v.invoices = [cited.invoices[0]];
  }
}

/**
 * A fiscal year of vouchers for one company: day-to-day business plus month-end postings, numbered
 * per 凭证字 within each month (会计基础工作规范 Art. 51), with the requested flaws spread over the year.
 * Deterministic: the same options give the same vouchers.
 */
export function generateLedger(options: GenerateLedgerOptions): DemoVoucher[] {
  const { fiscalYear, company, vouchersPerMonth } = options;
  const rng = createRng(options.seed);
  const months = options.months ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const yy = String(fiscalYear).slice(-2);
  let invoiceSeq = rng.int(100_000, 900_000) * 1_000_000;
  const all: DemoVoucher[] = [];
  for (const month of months) {
    const last = daysIn(fiscalYear, month);
    const ends = monthEnd(rng, month);
    const drafts = Array.from({ length: Math.max(0, vouchersPerMonth - ends.length) }, () => pickTemplate(rng));
    const dated = [
      ...drafts.map((d) => ({ d, day: rng.int(1, last) })),
      ...ends.map((d) => ({ d, day: last })),
    ].sort((a, b) => a.day - b.day);
    const counters = new Map<string, number>();
    for (const { d, day } of dated) {
      const no = (counters.get(d.word) ?? 0) + 1;
      counters.set(d.word, no);
      const date = `${fiscalYear}-${pad(month)}-${pad(day)}`;
      const cashLike = d.word === "收" || d.word === "付";
      invoiceSeq += rng.int(1, 9_999);
      const invoice = toInvoice(d, `${yy}${company.province}2${String(invoiceSeq).padStart(15, "0")}`, date, company, rng.pick(["李开票", "王开票", "张开票"] as const));
      all.push({
        fiscalYear,
        period: month,
        voucherWord: d.word,
        voucherNo: String(no),
        date,
        preparer: rng.pick(PREPARERS),
        reviewer: rng.pick(REVIEWERS),
        poster: POSTER,
        ...(cashLike ? { cashier: CASHIER } : {}),
        attachmentCount: d.attachments,
        invoices: invoice ? [invoice] : [],
        bankReceipt: d.bankReceipt ?? false,
        lines: toLines(d),
      });
    }
  }
  const flaws = options.flaws ?? [];
  flaws.forEach((flaw, i) => {
    // Spread over the year, each on a different voucher after the first quarter of the file.
    const at = Math.min(all.length - 1, Math.floor(((i + 1) * all.length) / (flaws.length + 1)));
    const candidate = all.slice(at).find((v) => !v.flaw && (flaw !== "duplicate_invoice" || v.invoices.length > 0));
    if (candidate) applyFlaw(candidate, flaw, all.slice(0, all.indexOf(candidate)));
  });
  return all;
}

/** The invoice numbers a voucher cites, as the ERP writes them into the 摘要 when it has no invoice column. */
export const citedInvoiceNumbers = (v: DemoVoucher) => v.invoices.map((i) => i.number);
