import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_COMPANIES } from "@/lib/demo/demo-exports";
import { generateLedger } from "@/lib/demo/generate-ledger";
import { writeKingdeeK3Csv } from "@/lib/demo/write-kingdee-k3-csv";
import { signIn } from "./fixtures/auth";

// A month of K/3 vouchers in a year the demo does not use, one of them unbalanced by ¥100.
const VOUCHERS = generateLedger({ seed: 7, fiscalYear: 2024, company: DEMO_COMPANIES.Z001, vouchersPerMonth: 12, months: [6], flaws: ["unbalanced"] });
const FILE_NAME = "金蝶K3-凭证引出-2024年6月.csv";

test("the archivist drops a Kingdee export, checks the preview, imports it and downloads the problems", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "archivist");
  await page.getByRole("navigation").getByRole("link", { name: "导入" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "导入 ERP 凭证", exact: true })).toBeVisible();

  const bytes = writeKingdeeK3Csv(VOUCHERS).toString("base64");
  const dataTransfer = await page.evaluateHandle(
    ({ b64, name }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name, { type: "text/csv" }));
      return dt;
    },
    { b64: bytes, name: FILE_NAME },
  );
  await page.getByTestId("file-drop").dispatchEvent("drop", { dataTransfer });

  const detection = page.getByTestId("detection");
  await expect(detection).toContainText("金蝶 K/3 / KIS 凭证引出");
  await expect(detection).toContainText("GBK/GB18030 编码");
  await expect(detection).toContainText("根据第1行表头");
  const preview = page.getByRole("table", { name: "预览" });
  const first = VOUCHERS[0]!;
  await expect(preview.getByRole("row").nth(1)).toContainText(`${first.voucherWord}-${first.voucherNo}`);
  await expect(preview.getByRole("row").nth(1)).toContainText(first.lines[0]!.accountCode);

  await page.getByRole("button", { name: "开始导入" }).click();
  const bar = page.getByRole("progressbar", { name: "导入进度" });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
  await expect(page.getByTestId("import-state")).toHaveText("导入完成");
  await expect(page.getByTestId("count-vouchers")).toContainText("12");
  await expect(page.getByTestId("count-created")).toContainText("11");
  await expect(page.getByTestId("count-rejected")).toContainText("1");
  // The result says how the file was read, kept with the import for whoever opens it later.
  await expect(page.getByTestId("import-read-as")).toContainText(/读取方式：根据第1行表头.*识别为 金蝶 K\/3 \/ KIS 凭证引出/);
  await expect(page.getByTestId("import-errors-hint")).toContainText("共 1 条问题");

  const flawed = VOUCHERS.find((v) => v.flaw === "unbalanced")!;
  const problems = page.getByRole("table", { name: "需要在 ERP 中更正的问题" });
  await expect(problems).toContainText("借贷不平衡");
  await expect(problems).toContainText(`${flawed.voucherWord}-${flawed.voucherNo}`);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载错误清单（CSV）" }).click();
  const csv = readFileSync((await (await download).path())!, "utf8");
  expect(csv).toContain("借贷不平衡");
  expect(csv).toContain(`${flawed.voucherWord}-${flawed.voucherNo}`);

  const history = page.getByRole("table", { name: "导入记录" });
  await expect(history.getByRole("row", { name: new RegExp(FILE_NAME) })).toContainText("导入完成");

  // The workbench lists it among the fonds' latest imports, its name linking to the result.
  await page.goto("/");
  const resultUrl = /\/imports\?connectorId=[\w-]+&importId=[\w-]+$/;
  const row = page.getByRole("table", { name: "最近导入" }).getByRole("row", { name: new RegExp(FILE_NAME) });
  await expect(row).toContainText("导入完成");
  await expect(row.getByRole("link", { name: FILE_NAME })).toHaveAttribute("href", resultUrl);
  // Its uploader is told how it ended, and the notice opens the result with its problems.
  await page.getByTestId("notifications-bell").click();
  await page.getByRole("menuitem").filter({ hasText: `“${FILE_NAME}”导入完成，但有 1 张凭证被拒绝、0 张冲突` }).click();
  await expect(page).toHaveURL(resultUrl);
  await expect(page.getByTestId("import-state")).toHaveText("导入完成");
  await expect(problems).toContainText(`${flawed.voucherWord}-${flawed.voucherNo}`);
  // The address holds the open result, so a reload or a shared link shows the same.
  await page.reload();
  await expect(page.getByTestId("count-rejected")).toContainText("1");
});

test("an export no preset knows is read with a column mapping the archivist corrects on the screen", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "archivist");
  await page.goto("/imports");
  // A home-grown export: its headers match no preset, so Acta must be told which column is which.
  const csv = ["单号,记账日,科目编号,借,贷,说明", "88,2023-05-18,6602.03,120.00,0.00,报销市内交通费", "88,2023-05-18,1001,0.00,120.00,报销市内交通费", ""].join("\n");
  await page.getByTestId("file-drop").locator('input[type="file"]').setInputFiles({ name: "自建系统-凭证.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByTestId("detection")).toContainText("未识别");

  await page.getByLabel("文件格式").selectOption({ label: "自定义映射" });
  const mapping = page.getByRole("group", { name: "列映射" });
  await mapping.getByLabel("凭证号").selectOption("单号");
  await mapping.getByLabel("日期").selectOption("记账日");
  await mapping.getByLabel("科目编码").selectOption("科目编号");
  await mapping.getByLabel("借方金额").selectOption("借");
  await mapping.getByLabel("贷方金额").selectOption("贷");
  await mapping.getByLabel("摘要").selectOption("说明");
  await page.getByRole("button", { name: "按此映射重新预览" }).click();
  await expect(page.getByTestId("detection")).toContainText("自定义映射");
  const preview = page.getByRole("table", { name: "预览" });
  await expect(preview.getByRole("row").nth(1)).toContainText("记-88");
  await expect(preview.getByRole("row").nth(1)).toContainText("6602.03");
  await expect(page.getByText("本次导入将按所选格式解析")).toBeVisible();

  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(page.getByRole("progressbar", { name: "导入进度" })).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
  await expect(page.getByTestId("import-state")).toHaveText("导入完成");
  await expect(page.getByTestId("count-created")).toContainText("1");
  await expect(page.getByTestId("count-rejected")).toContainText("0");
  const history = page.getByRole("table", { name: "导入记录" });
  await expect(history.getByRole("row", { name: /自建系统-凭证\.csv/ })).toContainText("导入完成");
});

test("a voucher with text the archive cannot store is refused in words, and the long message wraps inside the window", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "archivist");
  await page.goto("/imports");
  // A NUL in one line's summary: PostgreSQL text cannot hold it, so only that voucher is refused.
  const json = readFileSync(path.join(process.cwd(), "lib/erp/__fixtures__/canonical-json/vouchers.json"), "utf8").replace('"报销差旅费"', '"报销\\u0000差旅费"');
  await page.getByTestId("file-drop").locator('input[type="file"]').setInputFiles({ name: "含空字符的凭证.json", mimeType: "application/json", buffer: Buffer.from(json) });
  await expect(page.getByTestId("detection")).toContainText("Acta 标准凭证 JSON");
  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(page.getByTestId("import-state")).toHaveText("导入完成", { timeout: 60_000 });
  await expect(page.getByTestId("count-rejected")).toContainText("1");
  const problems = page.getByRole("table", { name: "需要在 ERP 中更正的问题" });
  await expect(problems).toContainText("含有空字符（NUL），无法保存");
  await expect(problems).toContainText("报销␀差旅费");
  // The message wraps in its cell: kept on one line it widened the page past the window.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
});

test("the demo archive was filled by importing the generated exports through the same path", async ({ page }) => {
  await signIn(page, "archivist");
  await page.goto("/imports");
  const history = page.getByRole("table", { name: "导入记录" });
  await expect(history.getByRole("row", { name: /Z001-金蝶K3-凭证引出-2025\.csv/ })).toContainText("导入完成", { timeout: 90_000 });
});

test("rows of draft and cancelled documents are left out in the open: the preview and the result count them", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "archivist");
  await page.goto("/imports");
  const csv = [
    "Journal Entry,Date,Account,Label,Debit,Credit,Status",
    "MISC/2023/05/0007,2023-05-19,600000 Expenses,待审,70.00,0.00,Draft",
    "MISC/2023/05/0007,2023-05-19,101000 Current Assets,待审,0.00,70.00,Draft",
    "MISC/2023/05/0008,2023-05-20,600000 Expenses,报销办公用品,50.00,0.00,Posted",
    "MISC/2023/05/0008,2023-05-20,101000 Current Assets,报销办公用品,0.00,50.00,Posted",
    "",
  ].join("\n");
  await page.getByTestId("file-drop").locator('input[type="file"]').setInputFiles({ name: "odoo-journal-items.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByTestId("detection")).toContainText("Odoo");
  await expect(page.getByTestId("preview-left-out")).toHaveText("已读取的行中有 2 行属于草稿或已作废的单据，导入时将略过，与 ERP 自身的账簿一致。");
  await expect(page.getByRole("table", { name: "预览" }).getByRole("row")).toHaveCount(3);

  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(page.getByRole("progressbar", { name: "导入进度" })).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
  await expect(page.getByTestId("import-state")).toHaveText("导入完成");
  await expect(page.getByTestId("count-rows")).toContainText("2");
  await expect(page.getByTestId("count-created")).toContainText("1");
  await expect(page.getByTestId("import-left-out")).toHaveText("另有 2 行属于草稿或已作废的单据，未导入，与 ERP 自身的账簿一致。");
});
