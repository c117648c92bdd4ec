import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";

/**
 * Vouchers for the search benchmark, written with COPY straight into records, vouchers, voucher_lines
 * and voucher_refs (the tables the importer fills). Rows go to files first and are copied parents
 * first, as collected records; closed years are then archived with one UPDATE, because the filed-record
 * guard (drizzle/0002_guards.sql) refuses children of archived records. Deterministic: the same seed gives the same archive,
 * so runs compare. Word frequencies follow a real ledger: 报销 is everywhere, 差旅 a few percent.
 */

const ACCOUNTS = {
  cash: ["1001", "库存现金"],
  bank: ["1002", "银行存款"],
  receivable: ["1122", "应收账款"],
  material: ["1403", "原材料"],
  fixedAsset: ["1601", "固定资产"],
  depreciation: ["1602", "累计折旧"],
  payable: ["2202", "应付账款"],
  salary: ["2211", "应付职工薪酬"],
  vatIn: ["22210101", "应交税费-应交增值税-进项税额"],
  vatOut: ["22210102", "应交税费-应交增值税-销项税额"],
  revenue: ["6001", "主营业务收入"],
  travel: ["660201", "管理费用-差旅费"],
  entertainment: ["660202", "管理费用-业务招待费"],
  office: ["660203", "管理费用-办公费"],
  wages: ["660204", "管理费用-职工薪酬"],
  deprExpense: ["660206", "管理费用-折旧费"],
  bankFee: ["660301", "财务费用-手续费"],
} as const satisfies Record<string, readonly [string, string]>;

type AccountKey = keyof typeof ACCOUNTS;

const PEOPLE = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴刚"];
const DEPARTMENTS = ["财务部", "销售部", "采购部", "行政部", "研发部", "生产部"];
const SUPPLIERS = ["上海申华材料有限公司", "北京恒通物流有限公司", "深圳华强电子有限公司", "杭州天成纸业有限公司", "广州南方办公用品有限公司", "苏州精工机械有限公司"];
const CUSTOMERS = ["南京金陵商贸有限公司", "成都蜀新科技有限公司", "武汉江城实业有限公司", "天津渤海贸易有限公司"];
const CITIES = ["北京", "上海", "广州", "深圳", "成都", "西安", "杭州"];

interface Template {
  weight: number;
  summary: (r: Rng, month: number) => string;
  debit: AccountKey;
  credit: AccountKey;
  tax?: boolean;
  invoice?: boolean;
  dims: (r: Rng) => Record<string, string>;
}

const TEMPLATES: Template[] = [
  { weight: 3, summary: (r, m) => `${r.pick(PEOPLE)}报销${m}月${r.pick(CITIES)}出差差旅费`, debit: "travel", credit: "bank", invoice: true, dims: (r) => ({ department: r.pick(DEPARTMENTS), employee: r.pick(PEOPLE) }) },
  { weight: 4, summary: (r) => `${r.pick(PEOPLE)}报销业务招待费`, debit: "entertainment", credit: "bank", invoice: true, dims: (r) => ({ department: r.pick(DEPARTMENTS), employee: r.pick(PEOPLE) }) },
  { weight: 20, summary: (r) => `${r.pick(PEOPLE)}报销办公用品费`, debit: "office", credit: "cash", invoice: true, dims: (r) => ({ department: r.pick(DEPARTMENTS) }) },
  { weight: 15, summary: (r) => `采购原材料 ${r.pick(SUPPLIERS)}`, debit: "material", credit: "payable", tax: true, invoice: true, dims: (r) => ({ supplier: r.pick(SUPPLIERS) }) },
  { weight: 15, summary: (r) => `支付${r.pick(SUPPLIERS)}货款`, debit: "payable", credit: "bank", dims: (r) => ({ supplier: r.pick(SUPPLIERS) }) },
  { weight: 15, summary: (r) => `销售商品给${r.pick(CUSTOMERS)}`, debit: "receivable", credit: "revenue", tax: true, invoice: true, dims: (r) => ({ customer: r.pick(CUSTOMERS) }) },
  { weight: 10, summary: (r) => `收到${r.pick(CUSTOMERS)}货款`, debit: "bank", credit: "receivable", dims: (r) => ({ customer: r.pick(CUSTOMERS) }) },
  { weight: 8, summary: (_r, m) => `计提${m}月工资`, debit: "wages", credit: "salary", dims: (r) => ({ department: r.pick(DEPARTMENTS) }) },
  { weight: 5, summary: (_r, m) => `计提${m}月固定资产折旧`, debit: "deprExpense", credit: "depreciation", dims: () => ({}) },
  { weight: 5, summary: () => "支付银行手续费", debit: "bankFee", credit: "bank", dims: () => ({}) },
];
const TOTAL_WEIGHT = TEMPLATES.reduce((s, t) => s + t.weight, 0);

/** A small, seedable generator (mulberry32): the same archive on every run. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

const cents = (n: bigint) => `${n / 100n}.${String(n % 100n).padStart(2, "0")}`;
const copyText = (v: string | number | null) => (v === null ? "\\N" : String(v).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n"));
const row = (values: (string | number | null)[]) => values.map(copyText).join("\t") + "\n";

class CopyBuffer {
  private chunks: string[] = [];
  private size = 0;
  constructor(private readonly stream: Writable) {}
  async push(line: string) {
    this.chunks.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) await this.flush();
  }
  async flush() {
    if (this.chunks.length === 0) return;
    const data = this.chunks.join("");
    this.chunks = [];
    this.size = 0;
    if (!this.stream.write(data)) await new Promise((r) => this.stream.once("drain", r));
  }
  async end() {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
}

export interface GeneratedArchive {
  records: number;
  lines: number;
  /** Invoice numbers that exist, for the benchmark's exact-number queries. */
  invoiceNos: string[];
  /** Archival codes that exist. */
  archivalCodes: string[];
}

/**
 * Writes about `lines` voucher lines (4 per voucher on average) into `fondsIds` round-robin, fiscal years
 * `years`; vouchers of closed years are archived with archival codes, the last year stays collected.
 */
export async function generateArchive(
  sql: postgres.Sql,
  options: { lines: number; fondsIds: { id: string; code: string }[]; years: number[]; seed?: number },
): Promise<GeneratedArchive> {
  const rng = new Rng(options.seed ?? 20261129);
  const vouchersWanted = Math.max(1, Math.round(options.lines / 4));
  const dir = await mkdtemp(path.join(os.tmpdir(), "acta-bench-"));
  const tables = {
    records: ["id", "fonds_id", "category", "material_type", "fiscal_year", "period_kind", "period", "title", "doc_date", "amount", "state", "archival_code", "item_no", "retention", "retention_expires_on", "check_status", "source_system", "source_key", "filed_at"],
    vouchers: ["record_id", "fonds_id", "source_system", "fiscal_year", "period", "voucher_word", "voucher_no", "voucher_no_num", "voucher_date", "summary", "preparer", "reviewer", "poster", "attachment_count", "debit_total", "credit_total"],
    voucher_lines: ["record_id", "seq", "summary", "account_code", "account_name", "debit", "credit", "dimensions"],
    voucher_refs: ["record_id", "fonds_id", "ref_type", "ref_no"],
  };
  const file = (table: string) => path.join(dir, `${table}.tsv`);
  const recordsOut = new CopyBuffer(createWriteStream(file("records")));
  const vouchersOut = new CopyBuffer(createWriteStream(file("vouchers")));
  const linesOut = new CopyBuffer(createWriteStream(file("voucher_lines")));
  const refsOut = new CopyBuffer(createWriteStream(file("voucher_refs")));
  const lastYear = Math.max(...options.years);
  const counters = new Map<string, number>();
  const result: GeneratedArchive = { records: 0, lines: 0, invoiceNos: [], archivalCodes: [] };

  for (let v = 0; v < vouchersWanted; v++) {
    const fonds = options.fondsIds[v % options.fondsIds.length]!;
    const year = rng.pick(options.years);
    const month = rng.int(1, 12);
    const day = rng.int(1, 28);
    const date = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    let pick = rng.next() * TOTAL_WEIGHT;
    const template = TEMPLATES.find((t) => (pick -= t.weight) < 0) ?? TEMPLATES[0]!;
    const summary = template.summary(rng, month);
    const key = `${fonds.id}|${year}|${month}`;
    const no = (counters.get(key) ?? 0) + 1;
    counters.set(key, no);
    const amount = BigInt(rng.int(1_000, 5_000_000));
    const tax = template.tax ? (amount * 13n) / 100n : 0n;
    const total = amount + tax;
    const id = randomUUID();
    const archived = year < lastYear;
    const code = archived ? `${fonds.code}-KU·PZ·${year}·D30-${String(month).padStart(4, "0")}-${String(no).padStart(4, "0")}` : null;
    if (code && result.archivalCodes.length < 200 && rng.next() < 0.01) result.archivalCodes.push(code);
    await recordsOut.push(row([id, fonds.id, "voucher", "voucher", year, "month", month, summary, date, cents(total), "collected", code, archived ? no : null, "Y30", `${year + 30}-12-31`, archived ? "passed" : "none", "bench", `记-${no}@${year}-${month}`, archived ? `${year + 1}-01-20T02:00:00Z` : null]));
    await vouchersOut.push(row([id, fonds.id, "bench", year, month, "记", String(no), no, date, summary, rng.pick(PEOPLE), rng.pick(PEOPLE), rng.pick(PEOPLE), template.invoice ? rng.int(1, 5) : 0, cents(total), cents(total)]));
    const dims = JSON.stringify(template.dims(rng));
    // Split the debit side so vouchers average four lines, as real ones do.
    const parts = rng.int(1, template.tax ? 2 : 3);
    let seq = 1;
    let left = amount;
    for (let p = 0; p < parts; p++) {
      const share = p === parts - 1 ? left : left / BigInt(parts - p);
      left -= share;
      const [code, name] = ACCOUNTS[template.debit];
      await linesOut.push(row([id, seq++, summary, code, name, cents(share), "0.00", dims]));
    }
    if (template.tax) await linesOut.push(row([id, seq++, summary, ACCOUNTS.vatIn[0], ACCOUNTS.vatIn[1], cents(tax), "0.00", "{}"]));
    const [creditCode, creditName] = ACCOUNTS[template.credit];
    await linesOut.push(row([id, seq++, summary, creditCode, creditName, "0.00", cents(total), dims]));
    result.lines += seq - 1;
    if (template.invoice) {
      const invoiceNo = `${String(year).slice(2)}31${String(rng.int(0, 99_999_999)).padStart(8, "0")}${String(v).padStart(8, "0")}`;
      if (result.invoiceNos.length < 200 && rng.next() < 0.01) result.invoiceNos.push(invoiceNo);
      await refsOut.push(row([id, fonds.id, "invoice", invoiceNo]));
    }
    result.records++;
  }
  await Promise.all([recordsOut.end(), vouchersOut.end(), linesOut.end(), refsOut.end()]);
  try {
    for (const [table, columns] of Object.entries(tables)) {
      const target = await sql.unsafe(`COPY ${table} (${columns.join(", ")}) FROM STDIN`).writable();
      await pipeline(createReadStream(file(table)), target);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await sql`update records set state = 'archived' where source_system = 'bench' and archival_code is not null and state = 'collected'`;
  return result;
}
