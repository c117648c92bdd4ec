import { type Browser, type Page, expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { addDecimals, formatDecimal } from "@/lib/decimal";
import { DEMO_FISCAL_YEAR, demoLedger } from "@/lib/demo/demo-exports";
import { signIn } from "./fixtures/auth";
import { seedDemoMonth } from "./fixtures/filing";

const PACKAGE_FILE = `Z001-凭证包-${DEMO_FISCAL_YEAR}年1月.zip`;
const JANUARY = demoLedger("Z001").filter((v) => v.period === 1);
const mentionsTravel = (v: (typeof JANUARY)[number]) => v.lines.some((l) => l.summary.includes("差旅") || l.accountName.includes("差旅"));
// The first travel reimbursement paid by transfer: its package folder holds the 数电票 XML and the bank receipt PDF.
const TRAVEL = JANUARY.find((v) => mentionsTravel(v) && v.bankReceipt && v.invoices.length > 0)!;
const TRAVEL_NO = `${TRAVEL.voucherWord}-${TRAVEL.voucherNo}`;

async function pageFor(browser: Browser, username: string) {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  await signIn(page, username);
  return page;
}

/** The demo imports its exports in the background after start; the package, queued last, brings the invoices and receipts. */
async function waitForDemoPackage(page: Page) {
  await page.goto("/imports");
  const row = page.getByRole("table", { name: "导入记录" }).getByRole("row", { name: new RegExp(PACKAGE_FILE.replace(".", "\\.")) });
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText("导入完成", { timeout: 2_000 });
  }).toPass({ timeout: 300_000, intervals: [5_000] });
}

/** The archivist's part of filing one month through the workbench: volumes, checks, request. */
async function fileMonth(page: Page, year: number, month: number, records: number) {
  await page.goto(`/filing?year=${year}&month=${month}`);
  await page.getByRole("button", { name: "自动组卷" }).click();
  await expect(page.getByText(/已组成 \d+ 卷；0 件无法组卷。/)).toBeVisible();
  await page.getByRole("button", { name: "运行四性检测" }).click();
  await expect(page.getByText(`已检测 ${records} 件档案：不通过 0 项`)).toBeVisible();
  await page.getByRole("button", { name: "提交归档申请" }).click();
  await expect(page.getByText(`归档申请已提交：${records} 件待审批，0 件暂缓归档。`)).toBeVisible();
}

test("the archivist browses the demo fonds to a volume, searches 差旅, opens a voucher and previews its invoice and receipt", async ({ browser }) => {
  test.setTimeout(420_000);
  const page = await pageFor(browser, "archivist");
  await waitForDemoPackage(page);

  // The demo's vouchers sit in no volume until the archivist groups the month for filing.
  await page.goto(`/filing?year=${DEMO_FISCAL_YEAR}&month=1`);
  await page.getByRole("button", { name: "自动组卷" }).click();
  await expect(page.getByText(/已组成 \d+ 卷；0 件无法组卷。/)).toBeVisible({ timeout: 30_000 });
  // What the ERP export and the package brought meets every automatic rule: imported vouchers are judged by
  // the description their header holds (before, 2-3 and 2-4 failed every one of them).
  await page.getByRole("button", { name: "运行四性检测" }).click();
  await expect(page.getByText(/已检测 \d+ 件档案：不通过 0 项/)).toBeVisible({ timeout: 60_000 });
  // A month of hundreds reads fifty at a time, and filters to what the archivist looks for.
  const month = page.getByRole("table", { name: "本期档案" });
  await expect(month.getByRole("row")).toHaveCount(1 + 50);
  const pager = page.getByRole("navigation", { name: "翻页" });
  await expect(pager).toContainText(/第 1–50 件，共 [\d]+ 件/);
  await pager.getByRole("button", { name: "下一页" }).click();
  await expect(pager).toContainText(/第 51–100 件/);
  const statusFilter = page.getByRole("group", { name: "按状态筛选" });
  await expect(statusFilter.getByRole("button", { name: /未通过检测/ })).toHaveCount(0);
  await statusFilter.getByRole("button", { name: /有警告/ }).click();
  await expect(month.getByRole("row").nth(1)).toContainText("警告");

  await page.getByRole("navigation", { name: "档案", exact: true }).getByRole("link", { name: "档案浏览" }).click();
  const tree = page.getByRole("navigation", { name: "档案目录" });
  await tree.getByRole("link", { name: /华夏示范集团有限公司/ }).click();
  const year = tree.getByRole("link", { name: new RegExp(`^${DEMO_FISCAL_YEAR}年`) });
  const inYear = (await year.innerText()).match(/([\d,]+)\s*$/)![1]!;
  await year.click();
  // A node of the tree is counted as the tree counts it, thousands included, not "more than 1,000".
  expect(Number(inYear.replace(/,/g, ""))).toBeGreaterThan(1000);
  await expect(page.getByTestId("result-total")).toHaveText(`共 ${inYear} 条`);
  await tree.getByRole("link", { name: /^凭证/ }).click();
  await tree.getByRole("link", { name: /^1月/ }).click();
  await expect(page).toHaveURL(/period=1/);
  const volume = tree.getByRole("link", { name: /付字/ }).first();
  const inVolume = (await volume.innerText()).match(/([\d,]+)\s*$/)![1]!;
  await volume.click();
  await expect(page).toHaveURL(/volumeId=/);
  await expect(volume).toHaveAttribute("aria-current", "page");
  // The volume lists its vouchers and the source documents filed with them, as many as the tree counts.
  await expect(page.getByTestId("result-total")).toHaveText(`共 ${inVolume} 条`);
  const rows = page.getByTestId("record-row");
  await expect(rows).toHaveCount(Math.min(50, Number(inVolume.replace(",", ""))));

  const search = page.getByRole("search", { name: "检索档案" });
  await page.goto("/records");
  await search.getByRole("searchbox", { name: "检索档案" }).fill("差旅");
  await search.getByLabel("会计年度").selectOption(String(DEMO_FISCAL_YEAR));
  await search.getByRole("button", { name: "更多筛选" }).click();
  await search.getByLabel("会计期间").selectOption("1");
  await search.getByRole("button", { name: "搜索" }).click();
  await expect(page).toHaveURL(/q=%E5%B7%AE%E6%97%85/);
  const expected = JANUARY.filter(mentionsTravel);
  await expect(page.getByTestId("result-total")).toHaveText(`共 ${expected.length} 条`);
  await expect(rows).toHaveCount(expected.length);
  const hit = rows.filter({ hasText: TRAVEL_NO }).filter({ hasText: TRAVEL.lines[0]!.summary });
  await expect(hit).toHaveCount(1);
  await expect(hit.locator("mark").first()).toHaveText("差旅");
  await expect(page.locator("mark").filter({ hasText: "差旅" })).toHaveCount(await page.locator("mark").count());
  // A refusal the page could not foresee (a total it only estimated, past the cap) is said in words, not a failed download.
  const exportUrl = "**/api/records/export?**";
  await page.route(exportUrl, (route) =>
    route.fulfill({ status: 400, contentType: "application/json", body: JSON.stringify({ error: { code: "search.export_too_large", params: { max: 10_000 } } }) }),
  );
  await page.getByTestId("export-records").click();
  await expect(page.getByTestId("export-note")).toHaveText(/一次最多导出 10,000 条档案，请添加筛选条件/);
  await page.unroute(exportUrl);
  // The same results as an Excel catalogue: a heading, the filters, the column names, then one row per voucher.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-records").click()]);
  await expect(page.getByTestId("export-note")).toHaveCount(0);
  expect(download.suggestedFilename()).toMatch(/^档案目录-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  const sheet = book.worksheets[0]!;
  expect(String(sheet.getCell("A1").value)).toContain(`共 ${expected.length} 条 · 导出人 林档案`);
  expect(String(sheet.getCell("A2").value)).toBe(`关键词：差旅 · 全宗：Z001 · 年度：${DEMO_FISCAL_YEAR} · 期间：1`);
  expect(sheet.rowCount).toBe(3 + expected.length);
  const exported = sheet.getColumn(6).values.slice(4).map(String).sort();
  expect(exported).toEqual(expected.map((v) => `${v.voucherWord}-${v.voucherNo}`).sort());

  await hit.getByRole("link", { name: TRAVEL.lines[0]!.summary }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(TRAVEL.lines[0]!.summary);
  const debit = TRAVEL.lines.reduce((sum, l) => addDecimals(sum, l.debit), "0");
  await expect(page.getByTestId("debit-total")).toHaveText(formatDecimal(debit, 2, { grouping: true }));
  await expect(page.getByTestId("credit-total")).toHaveText(formatDecimal(debit, 2, { grouping: true }));
  // The archivist's views of this voucher so far, this one included: the accessibility spec may have opened it
  // too, as the first hit of its search while the demo was still importing.
  const history = page.getByTestId("record-history");
  const views = history.getByRole("listitem").filter({ hasText: "林档案" }).filter({ hasText: "查看了档案" });
  await expect(views.first()).toBeVisible();
  const viewsBefore = await views.count();

  const invoice = TRAVEL.invoices[0]!;
  const card = page.getByRole("region", { name: `发票 ${invoice.number}` });
  await expect(card).toContainText(invoice.sellerName);
  await expect(card).toContainText(invoice.buyerName);
  await expect(card).toContainText("价税合计");

  await page.getByRole("button", { name: "预览 银行回单.pdf" }).click();
  const preview = page.getByTestId("pdf-preview");
  await expect(preview).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  await expect(preview.getByRole("img", { name: /银行回单\.pdf 第 1 页/ })).toBeVisible();

  await page.reload();
  // One view more, the reload's: the preview is in the receipt's own history, not the voucher's.
  await expect(views).toHaveCount(viewsBefore + 1);

  // Each check names its item and says why it did not pass; the full report of the run is one click away.
  const checks = page.getByTestId("record-checks");
  await expect(checks.getByRole("listitem").filter({ hasText: "2-8" })).toContainText("附件数据完整性检测");
  await checks.getByRole("link", { name: "查看完整检测报告" }).click();
  await expect(page).toHaveURL(new RegExp(`/filing/check-runs/[\\w-]+\\?record=`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("四性检测报告");

  // From any other page "/" reaches the header's search box, which opens the list with the words.
  await page.keyboard.press("/");
  const quick = page.getByRole("search", { name: "快速检索" }).getByRole("searchbox", { name: "检索档案" });
  await expect(quick).toBeFocused();
  await quick.fill(invoice.number);
  await quick.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/records\\?q=${invoice.number}$`));
  await expect(page.getByRole("search", { name: "快速检索" })).toHaveCount(0);
  await expect(search.getByRole("searchbox", { name: "检索档案" })).toHaveValue(invoice.number);
  await expect(rows.filter({ hasText: TRAVEL_NO }).first()).toBeVisible();
});

test("a fresh demo shows February filed and April waiting in the finance inbox", async ({ browser }) => {
  test.setTimeout(360_000);
  // The worker files them once the demo's imports are in (lib/demo/file-demo-periods).
  const finance = await pageFor(browser, "finance");
  await finance.goto("/approvals");
  const april = finance.getByRole("link", { name: new RegExp(`^Z001 · ${DEMO_FISCAL_YEAR}-04 · \\d+$`) });
  await expect(async () => {
    await finance.reload();
    await expect(april).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 300_000, intervals: [5_000] });
  await expect(finance.getByRole("link", { name: new RegExp(`^Z001 · ${DEMO_FISCAL_YEAR}-04 `) })).toHaveCount(1);
  await expect(finance.getByRole("link", { name: new RegExp(`^Z001 · ${DEMO_FISCAL_YEAR}-02 `) })).toHaveCount(0);

  // A month is hundreds of vouchers: the request shows them a hundred at a time, its total always of all.
  const count = Number((await april.textContent())!.split(" · ").at(-1));
  expect(count).toBeGreaterThan(200);
  await april.click();
  const table = finance.getByRole("table", { name: "申请归档的档案" });
  await expect(table.getByRole("row")).toHaveCount(1 + 100 + 1);
  await expect(table.getByRole("row").last()).toContainText(`合计（${count} 件）`);
  const pager = finance.getByRole("navigation", { name: "分页" });
  await expect(pager).toContainText(`第 1–100 件，共 ${count} 件`);
  const firstOfPage1 = await table.getByRole("row").nth(1).textContent();
  await pager.getByRole("link", { name: "下一页" }).click();
  await expect(finance).toHaveURL(/\?page=2#records$/);
  await expect(pager).toContainText(`第 101–200 件，共 ${count} 件`);
  await expect(table.getByRole("row").nth(1)).not.toHaveText(firstOfPage1!);
  await expect(table.getByRole("row").last()).toContainText(`合计（${count} 件）`);
  await expect(pager.getByRole("link", { name: "上一页" })).toBeVisible();

  const archivist = await pageFor(browser, "archivist");
  const february = demoLedger("Z001").filter((v) => v.period === 2);
  await archivist.goto(`/records?fiscalYear=${DEMO_FISCAL_YEAR}&period=2&state=archived`);
  await expect(archivist.getByTestId("result-total")).toHaveText(`共 ${february.length} 条`);
  await expect(archivist.getByTestId("record-row").first()).toContainText(new RegExp(`Z001-KU·PZ·${DEMO_FISCAL_YEAR}·D30-\\d{4}-\\d{4}`));
});

test("finance approves filing requests from the inbox, one and then two at once; the archivist sees the records archived", async ({ browser }) => {
  test.setTimeout(240_000);
  // Months no demo import reaches, so the journey owns every request in them.
  const YEAR = 2018;
  const months = [3, 4, 5];
  for (const m of months) await seedDemoMonth({ 记: 4 }, YEAR, m);
  const archivist = await pageFor(browser, "archivist");
  for (const m of months) await fileMonth(archivist, YEAR, m, 4);

  const finance = await pageFor(browser, "finance");
  await finance.goto("/approvals");
  const titleOf = (m: number) => `Z001 · ${YEAR}-${String(m).padStart(2, "0")} · 4`;
  for (const m of months) await expect(finance.getByRole("link", { name: titleOf(m) })).toBeVisible();

  // One at a time: open it from the inbox, read what is approved, decide.
  await finance.getByRole("link", { name: titleOf(3) }).click();
  await expect(finance.getByRole("table", { name: "申请归档的档案" }).getByRole("row")).toHaveCount(1 + 4 + 1);
  await finance.getByLabel("审批意见").fill("已核对");
  await finance.getByRole("button", { name: "同意归档" }).click();
  // The request's state badge: the page re-renders with the decision, replacing the form and its message.
  await expect(finance.getByText("已批准", { exact: true })).toBeVisible();

  // Several at once, with one comment.
  await finance.goto("/approvals");
  await expect(finance.getByRole("link", { name: titleOf(3) })).toHaveCount(0);
  await finance.getByRole("checkbox", { name: `选择 ${titleOf(4)}` }).check();
  await finance.getByRole("checkbox", { name: `选择 ${titleOf(5)}` }).check();
  await finance.getByLabel("批量审批意见（可选）").fill("凭证与检测报告齐全，同意归档");
  await finance.getByRole("button", { name: "批准所选（2）" }).click();
  await expect(finance.getByText("已批准 2 项申请。")).toBeVisible();
  for (const m of months) await expect(finance.getByRole("link", { name: titleOf(m) })).toHaveCount(0);

  await archivist.goto(`/records?fiscalYear=${YEAR}&state=archived`);
  await expect(archivist.getByTestId("result-total")).toHaveText(`共 ${months.length * 4} 条`);
  const rows = archivist.getByTestId("record-row");
  await expect(rows).toHaveCount(months.length * 4);
  for (const row of await rows.all()) {
    await expect(row).toContainText("已归档");
    await expect(row).toContainText(new RegExp(`Z001-KU·PZ·${YEAR}·D30-\\d{4}-\\d{4}`));
    // At 1280px the check result and expiry columns fold under the summary.
    await expect(row).toContainText(/四性检测：通过 · 保管至 \d{4}-12-31/);
  }
  // With archival codes in it the table still fits beside the tree at 1280px: its last column is in view.
  const scroller = archivist.locator("[data-slot=table-container]").filter({ has: archivist.getByTestId("record-row") });
  expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
});
