import path from "node:path/posix";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { PERIODS_PER_YEAR, PERIOD_KINDS } from "@/lib/archive/periods/periods";
import { isIsoDate } from "@/lib/erp/dates";
import { fail, invalid, ok, type AppError, type ErrorCode, type Result } from "@/lib/errors";

export const DOCUMENT_KINDS = ["voucher", "einvoice", "bank_receipt", "contract", "expense_claim", "other"] as const;
export const LEDGER_KINDS = ["general_ledger", "subsidiary_ledger", "journal", "fixed_asset_card"] as const;
export const REPORT_PERIOD_KINDS = PERIOD_KINDS;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export type ReportPeriodKind = (typeof REPORT_PERIOD_KINDS)[number];

export interface VoucherRef {
  voucherWord: string;
  /** Digits without leading zeros ("收-0003" → "3"), so folder and ERP numbering compare equal. */
  voucherNo: string;
  fiscalYear?: number;
  period?: number;
}

export interface PackageAttachment {
  path: string;
  voucher: VoucherRef;
  /** "voucher" is the rendered 记账凭证 itself, filed first in its item (DA/T 94 8.4.1). */
  kind: DocumentKind;
  documentNo?: string;
}

export interface PackageLedger {
  path: string;
  kind: LedgerKind;
  fiscalYear: number;
  period?: number;
  /** Fixed-asset cards: retention runs 5 years from disposal (DA/T 94 Table B.1). */
  disposalDate?: string;
  /** 编制人 and 审核人 (DA/T 94 App. A M43, M45), as a manifest states them. */
  signatures?: Signatures;
}

export interface Signatures {
  preparer?: string;
  reviewer?: string;
}

export interface PackageReport {
  path: string;
  periodKind: ReportPeriodKind;
  fiscalYear: number;
  period?: number;
  signatures?: Signatures;
}

export interface PackageLayout {
  layout: "manifest" | "folders";
  /** Path of the voucher data file, for the ERP readers. */
  voucherFile?: string;
  attachments: PackageAttachment[];
  ledgers: PackageLedger[];
  reports: PackageReport[];
  /** 说明文件, 目录文件/登记表 and the manifest (DA/T 94 Fig. F.1), kept but not filed as records. */
  descriptors: string[];
  /** Files that fit nowhere, each with the reason, so nothing is dropped silently. */
  unassigned: AppError[];
}

const MANIFEST_NAMES = new Set(["manifest.json", "manifest.csv"]);

/** The shallowest manifest.json or manifest.csv; JSON wins over CSV in the same folder. */
export function findManifest(names: readonly string[]): string | undefined {
  return names
    .filter((name) => MANIFEST_NAMES.has(path.basename(name)))
    .sort((a, b) => a.split("/").length - b.split("/").length || (a.endsWith(".json") ? -1 : 1))[0];
}

const numberText = z.union([z.string(), z.number()]).transform(String);
const Year = z.coerce.number().int().min(1900).max(9999);
const Month = z.coerce.number().int().min(1).max(12);

const DocumentEntry = z.object({
  path: z.string().trim().min(1),
  voucherWord: z.string().trim().min(1).max(32),
  voucherNo: numberText.pipe(z.string().regex(/^\d{1,20}$/)),
  fiscalYear: Year.optional(),
  period: Month.optional(),
  kind: z.enum(DOCUMENT_KINDS),
  documentNo: z.string().trim().min(1).max(200).optional(),
});

const Signer = z.string().trim().min(1).max(100).optional();

const LedgerEntry = z.object({
  path: z.string().trim().min(1),
  kind: z.enum(LEDGER_KINDS),
  preparer: Signer,
  reviewer: Signer,
  fiscalYear: Year,
  period: Month.optional(),
  disposalDate: z.string().refine(isIsoDate).optional(),
});

const ReportEntry = z
  .object({
    path: z.string().trim().min(1),
    periodKind: z.enum(REPORT_PERIOD_KINDS),
    fiscalYear: Year,
    period: z.coerce.number().int().min(1).optional(),
    preparer: Signer,
    reviewer: Signer,
  })
  .refine((r) => (r.periodKind === "year" ? r.period === undefined : r.period !== undefined && r.period <= PERIODS_PER_YEAR[r.periodKind]), {
    path: ["period"],
  });

export const ManifestSchema = z.object({
  vouchers: z.string().trim().min(1).optional(),
  documents: z.array(DocumentEntry).default([]),
  ledgers: z.array(LedgerEntry).default([]),
  reports: z.array(ReportEntry).default([]),
});
export type Manifest = z.output<typeof ManifestSchema>;

/** manifest.csv: one row per file, `type` = vouchers | document | ledger | report, other columns as in manifest.json. */
function csvToManifest(text: string, manifestPath: string): Result<unknown> {
  const rows = parse(text, { columns: true, bom: true, trim: true, skip_empty_lines: true }) as Record<string, string>[];
  const manifest: { vouchers?: string; documents: unknown[]; ledgers: unknown[]; reports: unknown[] } = { documents: [], ledgers: [], reports: [] };
  for (const [index, row] of rows.entries()) {
    const { type, ...rest } = row;
    const cells = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== ""));
    if (type === "vouchers") manifest.vouchers = cells.path;
    else if (type === "document") manifest.documents.push(cells);
    else if (type === "ledger") manifest.ledgers.push(cells);
    else if (type === "report") manifest.reports.push(cells);
    else return fail("package.manifest_invalid", { manifest: manifestPath }, { [`rows.${index}.type`]: "validation.invalid_value" });
  }
  return ok(manifest);
}

function readManifest(manifest: { path: string; text: string }): Result<Manifest> {
  let raw: Result<unknown>;
  try {
    raw = manifest.path.endsWith(".csv") ? csvToManifest(manifest.text, manifest.path) : ok(JSON.parse(manifest.text));
  } catch {
    return fail("package.manifest_invalid", { manifest: manifest.path });
  }
  if (!raw.ok) return raw;
  const parsed = ManifestSchema.safeParse(raw.value);
  if (!parsed.success) return fail("package.manifest_invalid", { manifest: manifest.path }, invalid(parsed.error).error.fields);
  return ok(parsed.data);
}

const problem = (code: ErrorCode, file: string): AppError => ({ code, params: { path: file } });

function fromManifest(names: readonly string[], manifestPath: string, manifest: Manifest): PackageLayout {
  const present = new Set(names);
  const base = path.dirname(manifestPath);
  const listed = new Set<string>([manifestPath]);
  const unassigned: AppError[] = [];
  // Paths in the manifest are relative to its folder; one that is absent is reported, not skipped.
  const resolve = (file: string): string | undefined => {
    const full = base === "." ? path.normalize(file) : path.join(base, file);
    listed.add(full);
    if (present.has(full)) return full;
    unassigned.push(problem("package.manifest_missing_file", full));
    return undefined;
  };
  const voucherFile = manifest.vouchers === undefined ? undefined : resolve(manifest.vouchers);
  const attachments: PackageAttachment[] = [];
  for (const d of manifest.documents) {
    const file = resolve(d.path);
    if (!file) continue;
    const voucher: VoucherRef = {
      voucherWord: d.voucherWord,
      voucherNo: d.voucherNo.replace(/^0+(?=\d)/, ""),
      ...(d.fiscalYear !== undefined ? { fiscalYear: d.fiscalYear } : {}),
      ...(d.period !== undefined ? { period: d.period } : {}),
    };
    attachments.push({ path: file, voucher, kind: d.kind, ...(d.documentNo ? { documentNo: d.documentNo } : {}) });
  }
  const ledgers = manifest.ledgers.flatMap(({ preparer, reviewer, ...l }) => {
    const file = resolve(l.path);
    return file ? [{ ...l, path: file, ...signed(preparer, reviewer) }] : [];
  });
  const reports = manifest.reports.flatMap(({ preparer, reviewer, ...r }) => {
    const file = resolve(r.path);
    return file ? [{ ...r, path: file, ...signed(preparer, reviewer) }] : [];
  });
  for (const name of names) if (!listed.has(name)) unassigned.push(problem("package.unlisted_file", name));
  return { layout: "manifest", ...(voucherFile ? { voucherFile } : {}), attachments, ledgers, reports, descriptors: [manifestPath], unassigned };
}

const signed = (preparer: string | undefined, reviewer: string | undefined): { signatures?: Signatures } =>
  preparer || reviewer ? { signatures: { ...(preparer ? { preparer } : {}), ...(reviewer ? { reviewer } : {}) } } : {};

/**
 * Voucher folders as DA/T 94 Fig. F.1 names them in practice: 记-12, 记字第12号, 记12, 收-0003, 转字12号.
 * The words are those of 会计基础工作规范 Art. 51 and the common cash/bank split.
 */
const VOUCHER_FOLDER = /^(记|收|付|转|现收|现付|银收|银付)字?第?[-－_ ]?(\d{1,20})号?$/;

export function parseVoucherFolder(name: string): { voucherWord: string; voucherNo: string } | undefined {
  const m = VOUCHER_FOLDER.exec(name.trim());
  if (!m?.[1] || !m[2]) return undefined;
  return { voucherWord: m[1], voucherNo: m[2].replace(/^0+(?=\d)/, "") };
}

function yearIn(segments: readonly string[]): number | undefined {
  for (const segment of segments) {
    const m = /(\d{4})年/.exec(segment) ?? /^(\d{4})(?:[-.]\d{1,2})?$/.exec(segment);
    if (m) return Number(m[1]);
  }
  return undefined;
}

function monthIn(segment: string | undefined): number | undefined {
  const m = /(?<!\d)(\d{1,2})月/.exec(segment ?? "") ?? /^\d{4}[-.](\d{1,2})$/.exec(segment ?? "");
  const month = Number(m?.[1]);
  return month >= 1 && month <= 12 ? month : undefined;
}

const DOCUMENT_KEYWORDS: [RegExp, DocumentKind][] = [
  [/记账凭证/, "voucher"],
  [/发票|fapiao|invoice/i, "einvoice"],
  [/回单|receipt/i, "bank_receipt"],
  [/合同|contract/i, "contract"],
  [/报销|expense/i, "expense_claim"],
];

const LEDGER_KEYWORDS: [RegExp, LedgerKind][] = [
  [/总账|总分类账/, "general_ledger"],
  [/明细账|明细分类账/, "subsidiary_ledger"],
  [/日记账/, "journal"],
  [/固定资产卡片/, "fixed_asset_card"],
];

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

function reportPeriod(text: string): { periodKind: ReportPeriodKind; period?: number } | undefined {
  // 半年度 also contains 年度, so it is tested first.
  const half = /([上下])半年/.exec(text);
  if (half) return { periodKind: "half", period: half[1] === "上" ? 1 : 2 };
  const quarter = /第?([1-4一二三四])季度?/.exec(text);
  if (quarter?.[1]) return { periodKind: "quarter", period: CHINESE_DIGITS[quarter[1]] ?? Number(quarter[1]) };
  const month = monthIn(text);
  if (month) return { periodKind: "month", period: month };
  if (/年度|年报/.test(text)) return { periodKind: "year" };
  return undefined;
}

const DATA_FILE = /\.(csv|xlsx|json|xml)$/i;
const DESCRIPTOR = /说明文件|目录文件|登记表/;

function fromFolders(names: readonly string[]): PackageLayout {
  const layout: PackageLayout = { layout: "folders", attachments: [], ledgers: [], reports: [], descriptors: [], unassigned: [] };
  const candidates: string[] = [];
  for (const name of names) {
    const segments = name.split("/");
    const file = segments[segments.length - 1] ?? "";
    const folders = segments.slice(0, -1);
    const at = folders.findLastIndex((segment) => parseVoucherFolder(segment) !== undefined);
    const voucher = at >= 0 ? parseVoucherFolder(folders[at] ?? "") : undefined;
    if (voucher) {
      const fiscalYear = yearIn(folders.slice(0, at));
      const period = monthIn(folders[at - 1]);
      const kind = DOCUMENT_KEYWORDS.find(([pattern]) => pattern.test(file))?.[1] ?? "other";
      layout.attachments.push({
        path: name,
        voucher: { ...voucher, ...(fiscalYear ? { fiscalYear } : {}), ...(period ? { period } : {}) },
        kind,
      });
    } else if (folders.some((segment) => segment.includes("账簿"))) {
      const kind = LEDGER_KEYWORDS.find(([pattern]) => pattern.test(name))?.[1];
      const fiscalYear = yearIn(segments);
      if (!kind || !fiscalYear) {
        layout.unassigned.push(problem("package.unclassified_ledger", name));
        continue;
      }
      const period = monthIn(file) ?? monthIn(folders[folders.length - 1]);
      layout.ledgers.push({ path: name, kind, fiscalYear, ...(period ? { period } : {}) });
    } else if (folders.some((segment) => /报告|报表/.test(segment))) {
      const period = reportPeriod(file) ?? reportPeriod(folders[folders.length - 1] ?? "");
      const fiscalYear = yearIn(segments);
      if (!period || !fiscalYear) {
        layout.unassigned.push(problem("package.unclassified_report", name));
        continue;
      }
      layout.reports.push({ path: name, ...period, fiscalYear });
    } else if (DESCRIPTOR.test(file)) {
      layout.descriptors.push(name);
    } else if (DATA_FILE.test(file)) {
      candidates.push(name);
    } else {
      layout.unassigned.push(problem("package.unclassified_file", name));
    }
  }
  const voucherFile = pickVoucherFile(candidates);
  for (const candidate of candidates) {
    if (candidate === voucherFile) continue;
    layout.unassigned.push(problem(voucherFile ? "package.unclassified_file" : "package.ambiguous_voucher_file", candidate));
  }
  if (voucherFile) layout.voucherFile = voucherFile;
  else if (layout.attachments.length > 0 && candidates.length === 0) layout.unassigned.push(problem("package.no_voucher_file", ""));
  return layout;
}

/** The shallowest data file; among equals, the one named for vouchers; otherwise none (ambiguous). */
function pickVoucherFile(candidates: string[]): string | undefined {
  const depth = (name: string) => name.split("/").length;
  const top = Math.min(...candidates.map(depth));
  const shallowest = candidates.filter((name) => depth(name) === top);
  if (shallowest.length === 1) return shallowest[0];
  const named = shallowest.filter((name) => /凭证|voucher/i.test(path.basename(name)));
  return named.length === 1 ? named[0] : undefined;
}

/**
 * Works out what each file of a package is: from its manifest (manifest.json or manifest.csv, pass
 * its text) or else from DA/T 94 Fig. F.1 folders. `names` are the file names from `inspectPackage`.
 */
export function analyzeLayout(names: readonly string[], manifest?: { path: string; text: string }): Result<PackageLayout> {
  if (!manifest) return ok(fromFolders(names));
  const parsed = readManifest(manifest);
  return parsed.ok ? ok(fromManifest(names, manifest.path, parsed.value)) : parsed;
}
