import { type Browser, expect, test } from "@playwright/test";
import { signIn } from "./fixtures/auth";
import { seedDemoMonth } from "./fixtures/filing";

// A month no demo import reaches, so the journey owns every record it files.
const YEAR = 2019;
const MONTH = 6;

async function pageFor(browser: Browser, username: string) {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  await signIn(page, username);
  return page;
}

test("the archivist files a month: volumes, checks, report, request; finance approves; codes appear", async ({ browser }) => {
  // Two people, a dozen server actions and a full check run: more than the default minute on a shared machine.
  test.slow();
  const ids = await seedDemoMonth({ 记: 12, 收: 3 }, YEAR, MONTH);

  const archivist = await pageFor(browser, "archivist");
  await archivist.goto("/filing");
  await archivist.getByLabel("会计年度").selectOption(String(YEAR));
  await archivist.getByLabel("会计期间").selectOption(String(MONTH));
  await archivist.getByRole("button", { name: "查看" }).click();
  await expect(archivist).toHaveURL(new RegExp(`year=${YEAR}&month=${MONTH}`));

  await archivist.getByRole("button", { name: "自动组卷" }).click();
  await expect(archivist.getByText("已组成 2 卷；0 件无法组卷。")).toBeVisible();
  const volume = archivist.getByRole("table", { name: "2019年6月 记字 第1-12号" });
  await expect(volume).toBeVisible();
  // The other volumes' rows are rendered when opened, not with the page: not even hidden in the closed
  // volume, so a CSS locator (which finds hidden elements too, unlike a role) finds nothing.
  const receipts = archivist.locator('table[aria-label="2019年6月 收字 第1-3号"]');
  await expect(receipts).toHaveCount(0);
  await archivist.locator("summary", { hasText: "2019年6月 收字 第1-3号" }).click();
  await expect(receipts.getByRole("row")).toHaveCount(1 + 3);

  // Keyboard-usable adjustment: 记-1 down one place, then back up.
  await archivist.getByRole("button", { name: "下移 记-1", exact: true }).click();
  await expect(archivist.getByText("卷内顺序已调整。")).toBeVisible();
  await expect(volume.getByRole("row").nth(2)).toContainText("记-1");
  await archivist.getByRole("button", { name: "上移 记-1", exact: true }).click();
  await expect(volume.getByRole("row").nth(1)).toContainText("记-1");

  await archivist.getByRole("button", { name: "运行四性检测" }).click();
  await expect(archivist.getByText("已检测 15 件档案：不通过 0 项")).toBeVisible();

  await archivist.getByRole("link", { name: "查看完整检测报告" }).click();
  await expect(archivist.getByRole("heading", { name: "四性检测报告" })).toBeVisible();
  for (const property of ["真实性检测", "完整性检测", "可用性检测", "安全性检测"]) {
    await expect(archivist.getByRole("heading", { name: property })).toBeVisible();
  }
  await expect(archivist.getByRole("row", { name: /1-7\s*档号规范性检测/ })).toBeVisible();
  await expect(archivist.getByRole("link", { name: "下载 Excel" })).toHaveAttribute("href", /report\.xlsx$/);
  await archivist.getByRole("link", { name: "记-3", exact: true }).first().click();
  await expect(archivist.getByRole("heading", { name: "记-3 的逐项检测结果" })).toBeVisible();
  await archivist.getByRole("link", { name: "返回归档工作台" }).click();

  await archivist.getByRole("button", { name: "提交归档申请" }).click();
  await expect(archivist.getByText("归档申请已提交：15 件待审批，0 件暂缓归档。")).toBeVisible();

  const finance = await pageFor(browser, "finance");
  await expect(finance.getByRole("button", { name: /条未读通知/ })).toBeVisible();
  await finance.goto("/approvals");
  await expect(finance.getByRole("heading", { name: "审批" })).toBeVisible();
  const request = finance.getByRole("row").filter({ hasText: `${YEAR}-06` });
  await expect(request).toContainText("归档");
  await expect(request).toContainText("15");
  await request.getByRole("link").click();
  await expect(finance.getByRole("table", { name: "申请归档的档案" }).getByRole("row")).toHaveCount(1 + 15 + 1);
  await finance.getByLabel("审批意见").fill("已核对凭证与检测报告，同意归档");
  await finance.getByRole("button", { name: "同意归档" }).click();
  await expect(finance.getByText("已批准。")).toBeVisible();
  // The approver's own record of what they signed off.
  await finance.goto("/approvals");
  await finance.getByRole("navigation", { name: "审批视图" }).getByRole("link", { name: "已处理" }).click();
  const decided = finance.getByRole("table", { name: "已处理的申请" }).getByRole("row").filter({ hasText: `${YEAR}-06` });
  await expect(decided).toContainText("已批准");
  await expect(decided).toContainText("陈财务");
  await expect(decided).toContainText("已核对凭证与检测报告，同意归档");

  await archivist.goto(`/filing?year=${YEAR}&month=${MONTH}`);
  const records = archivist.getByRole("table", { name: "本期档案" });
  await expect(records.getByRole("row").filter({ hasText: "记-1" }).first()).toContainText(`Z001-KU·PZ·${YEAR}·D30-`);
  await expect(records.getByRole("row").filter({ hasText: "已归档" })).toHaveCount(15);

  const first = ids["记"]![0]!;
  const api = await archivist.request.get(`/api/records/${first}`);
  expect(api.status()).toBe(200);
  const body = await api.json();
  expect(body.state).toBe("archived");
  expect(body.archivalCode).toMatch(new RegExp(`^Z001-KU·PZ·${YEAR}·D30-\\d{4}-0001$`));
});
