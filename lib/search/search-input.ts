import { z } from "zod";
import { checkStatusEnum, recordStateEnum } from "@/db/schema";
import { PERIODS_PER_YEAR, PERIOD_KINDS } from "@/lib/archive/periods/periods";
import { RECORD_CATEGORIES } from "@/lib/archive/retention/schedules";
import { compareDecimals } from "@/lib/decimal";

export const SEARCH_SORTS = ["date_desc", "date_asc", "amount_desc", "amount_asc", "code_asc", "code_desc"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

// Query strings arrive as strings; an empty parameter means "no filter".
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());
const money = z.string().trim().regex(/^-?\d{1,16}(\.\d{1,2})?$/);
const isoDate = z.iso.date();

export const SearchInput = z
  .object({
    // PostgreSQL text cannot hold NUL: the export's audit entry, which keeps the words, failed on one (a 500).
    q: opt(z.string().trim().max(200).regex(/^[^\u0000]*$/)),
    fondsId: opt(z.uuid()),
    fiscalYear: opt(z.coerce.number().int().min(1900).max(2200)),
    // A month unless periodKind says otherwise: a Q3 report has period 3 too, and is not March's.
    period: opt(z.coerce.number().int().min(1).max(12)),
    periodKind: opt(z.enum(PERIOD_KINDS)),
    category: opt(z.enum(RECORD_CATEGORIES)),
    state: opt(z.enum(recordStateEnum.enumValues)),
    volumeId: opt(z.uuid()),
    // An account code; sub-accounts match too (6602 finds 660201).
    account: opt(z.string().trim().regex(/^[0-9A-Za-z][0-9A-Za-z.\-]{0,39}$/)),
    amountMin: opt(money),
    amountMax: opt(money),
    dateFrom: opt(isoDate),
    dateTo: opt(isoDate),
    // Retention expiry window and four-property outcome: the dashboard links to these lists.
    expiresFrom: opt(isoDate),
    expiresTo: opt(isoDate),
    checkStatus: opt(z.enum(checkStatusEnum.enumValues)),
    page: z.preprocess(blank, z.coerce.number().int().min(1).default(1)),
    pageSize: z.preprocess(blank, z.coerce.number().int().min(1).max(100).default(50)),
    sort: z.preprocess(blank, z.enum(SEARCH_SORTS).default("date_desc")),
  })
  .superRefine((v, ctx) => {
    // A fifth quarter or an annual report's month would list nothing, as if the archive had none.
    if (v.period !== undefined && v.periodKind !== undefined && v.period > PERIODS_PER_YEAR[v.periodKind])
      ctx.addIssue({ code: "custom", path: ["period"], message: "range" });
    if (v.amountMin !== undefined && v.amountMax !== undefined && compareDecimals(v.amountMin, v.amountMax) > 0)
      ctx.addIssue({ code: "custom", path: ["amountMax"], message: "range" });
    if (v.dateFrom && v.dateTo && v.dateFrom > v.dateTo) ctx.addIssue({ code: "custom", path: ["dateTo"], message: "range" });
    // A reversed expiry window listed nothing, as if no record were due, instead of saying the window was wrong.
    if (v.expiresFrom && v.expiresTo && v.expiresFrom > v.expiresTo) ctx.addIssue({ code: "custom", path: ["expiresTo"], message: "range" });
  });

export type SearchQuery = z.infer<typeof SearchInput>;
