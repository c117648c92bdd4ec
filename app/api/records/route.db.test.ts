import { beforeAll, describe, expect, it, vi } from "vitest";
import { contextFor, makeFonds, makeUser } from "@/db/test/factories";
import { makeVolume, makeVoucher, sealVolume } from "@/db/test/search-factories";
import { testDb } from "@/db/test/setup";
import type { ServiceContext } from "@/lib/context";

const session: { ctx: ServiceContext | null } = { ctx: null };
vi.mock("server-only", () => ({}));
vi.mock("@/app/_server/context", () => ({ getServiceContext: async () => session.ctx }));

const { GET } = await import("./route");

const { db } = testDb();
let fondsA: { id: string; code: string };
let fondsB: { id: string; code: string };
const ids: Record<string, string> = {};

/** GET /api/records as the browser sends it: every filter a query-string parameter. */
async function get(params: Record<string, string>) {
  const res = await GET(new Request(`http://acta.test/api/records?${new URLSearchParams(params)}`, { headers: { accept: "application/json" } }));
  return { status: res.status, body: await res.json() };
}
const found = async (params: Record<string, string>) => {
  const { status, body } = await get(params);
  expect(status, JSON.stringify(body)).toBe(200);
  return (body.items as { id: string }[]).map((i) => i.id).sort();
};

beforeAll(async () => {
  fondsA = await makeFonds(db);
  fondsB = await makeFonds(db);
  const { actor } = await makeUser(db, [
    { role: "archivist", fondsId: fondsA.id },
    { role: "archivist", fondsId: fondsB.id },
  ]);
  session.ctx = contextFor(db, actor);
  const volumeId = await makeVolume(db, { fondsId: fondsA.id, fiscalYear: 2024, period: 7, title: "2024年7月 付字 第1-30号" });
  ids.hotel = await makeVoucher(db, {
    fondsId: fondsA.id,
    title: "报销7月差旅费-王芳 上海出差住宿",
    date: "2024-07-09",
    amount: "1696.00",
    voucherWord: "付",
    voucherNo: "28",
    invoiceNos: ["24442000366960201927"],
    lines: [
      { summary: "报销差旅费-王芳", accountCode: "6602.03", accountName: "管理费用-差旅费", debit: "1600.00", dimensions: { employee: "王芳" } },
      { summary: "进项税额", accountCode: "2221.01.01", accountName: "应交税费-应交增值税-进项税额", debit: "96.00" },
      { summary: "报销差旅费-王芳", accountCode: "1002", accountName: "银行存款", credit: "1696.00" },
    ],
    state: "archived",
    archivalCode: `${fondsA.code}-KU·PZ·2024·D30-0001-0028`,
    volumeId,
  });
  await sealVolume(db, volumeId);
  ids.advance = await makeVoucher(db, {
    fondsId: fondsA.id,
    title: "预借差旅费-赵磊",
    date: "2025-01-19",
    amount: "3000.00",
    lines: [
      { accountCode: "1221", accountName: "其他应收款", debit: "3000.00", dimensions: { employee: "赵磊" } },
      { accountCode: "1001", accountName: "库存现金", credit: "3000.00" },
    ],
  });
  ids.subsidiary = await makeVoucher(db, { fondsId: fondsB.id, title: "报销差旅费-孙丽", date: "2024-07-10", amount: "880.00" });
});

describe("GET /api/records", () => {
  it("answers { items, total, totalIsEstimate } with <mark> fragments", async () => {
    const { status, body } = await get({ fondsId: fondsA.id, q: "差旅" });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["items", "page", "pageSize", "total", "totalIsEstimate"]);
    expect(body).toMatchObject({ total: 2, totalIsEstimate: false, page: 1 });
    const hotel = body.items.find((i: { id: string }) => i.id === ids.hotel);
    expect(hotel.titleHtml).toBe("报销7月<mark>差旅</mark>费-王芳 上海出差住宿");
    expect(hotel.fragments).toContain("6602.03 管理费用-<mark>差旅</mark>费");
  });

  it("finds two-character terms, mixed Chinese and digits, and invoice numbers", async () => {
    expect(await found({ fondsId: fondsA.id, q: "住宿" })).toEqual([ids.hotel]);
    expect(await found({ fondsId: fondsA.id, q: "7月差旅" })).toEqual([ids.hotel]);
    expect(await found({ fondsId: fondsA.id, q: "24442000366960201927" })).toEqual([ids.hotel]);
    expect(await found({ fondsId: fondsA.id, q: "付-28" })).toEqual([ids.hotel]);
  });

  it("applies each filter given as a query parameter", async () => {
    const both = [ids.hotel, ids.advance].sort();
    expect(await found({ fondsId: fondsA.id, q: "差旅" })).toEqual(both);
    expect(await found({ fondsId: fondsB.id, q: "差旅" })).toEqual([ids.subsidiary]);
    expect(await found({ fondsId: fondsA.id, fiscalYear: "2024" })).toEqual([ids.hotel]);
    expect(await found({ fondsId: fondsA.id, fiscalYear: "2025", period: "1" })).toEqual([ids.advance]);
    expect(await found({ fondsId: fondsA.id, period: "7" })).toEqual([ids.hotel]);
    expect(await found({ fondsId: fondsA.id, category: "voucher" })).toEqual(both);
    expect(await found({ fondsId: fondsA.id, category: "report" })).toEqual([]);
    expect(await found({ fondsId: fondsA.id, state: "archived" })).toEqual([ids.hotel]);
    expect(await found({ fondsId: fondsA.id, state: "collected" })).toEqual([ids.advance]);
    // An account code takes its sub-accounts: 2221 finds the voucher booked to 2221.01.01.
    expect(await found({ fondsId: fondsA.id, account: "2221" })).toEqual([ids.hotel]);
    expect(await found({ fondsId: fondsA.id, account: "1221" })).toEqual([ids.advance]);
    expect(await found({ fondsId: fondsA.id, amountMin: "2000" })).toEqual([ids.advance]);
    expect(await found({ fondsId: fondsA.id, amountMax: "1696.00" })).toEqual([ids.hotel]);
    expect(await found({ fondsId: fondsA.id, amountMin: "1696.01", amountMax: "2999.99" })).toEqual([]);
    expect(await found({ fondsId: fondsA.id, dateFrom: "2025-01-01" })).toEqual([ids.advance]);
    expect(await found({ fondsId: fondsA.id, dateTo: "2024-07-09" })).toEqual([ids.hotel]);
    expect(await found({ fondsId: fondsA.id, q: "差旅", fiscalYear: "2024", period: "7", state: "archived", account: "6602", amountMin: "1000", amountMax: "2000", dateFrom: "2024-07-01", dateTo: "2024-07-31" })).toEqual([ids.hotel]);
  });

  it("says which parameter is wrong with 422, and 401 without a session", async () => {
    const bad = await get({ fondsId: fondsA.id, amountMin: "abc" });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields)).toEqual(["amountMin"]);
    const ctx = session.ctx;
    session.ctx = null;
    try {
      expect((await get({ q: "差旅" })).status).toBe(401);
    } finally {
      session.ctx = ctx;
    }
  });
});
