import { type Browser, expect, test } from "@playwright/test";
import { signIn } from "./fixtures/auth";
import { seedDemoMonth } from "./fixtures/filing";

// A month no demo import and no other journey reaches, so this journey owns its records and its request.
const YEAR = 2019;
const MONTH = 8;

async function pageFor(browser: Browser, username: string) {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  await signIn(page, username);
  return page;
}

test("the archivist withdraws a filing request: it leaves finance's inbox and the records can be filed again", async ({ browser }) => {
  test.slow();
  await seedDemoMonth({ 记: 4 }, YEAR, MONTH);

  const archivist = await pageFor(browser, "archivist");
  await archivist.goto(`/filing?year=${YEAR}&month=${MONTH}`);
  await archivist.getByRole("button", { name: "自动组卷" }).click();
  await expect(archivist.getByRole("table", { name: `${YEAR}年${MONTH}月 记字 第1-4号` })).toBeVisible();
  await archivist.getByRole("button", { name: "提交归档申请" }).click();
  await expect(archivist.getByText("归档申请已提交：4 件待审批，0 件暂缓归档。")).toBeVisible();

  const requests = archivist.getByRole("list", { name: "本期归档申请" });
  await expect(requests.getByRole("listitem")).toHaveCount(1);
  await requests.getByRole("link", { name: "审批详情" }).click();

  // The first click only asks; nothing is withdrawn until the archivist confirms.
  await archivist.getByRole("button", { name: "撤回申请" }).click();
  await expect(archivist.getByText("确定撤回这项申请？")).toBeVisible();
  await archivist.getByLabel("撤回原因（可选）").fill("提交的月份有误");
  await archivist.getByRole("button", { name: "确认撤回" }).click();
  await expect(archivist.getByText("已撤回申请。档案退回待归档状态，可修改后重新提交；审批人会收到通知。")).toBeVisible();
  await expect(archivist.getByRole("button", { name: "撤回申请" })).toHaveCount(0);
  await archivist.reload();
  await expect(archivist.getByText("已撤回").first()).toBeVisible();
  await expect(archivist.getByText("提交的月份有误")).toBeVisible();

  // Finance no longer has it to decide.
  const finance = await pageFor(browser, "finance");
  await finance.goto("/approvals");
  await expect(finance.getByRole("heading", { name: "审批" })).toBeVisible();
  await expect(finance.getByRole("row").filter({ hasText: `${YEAR}-${String(MONTH).padStart(2, "0")}` })).toHaveCount(0);

  // Back on the workbench the records wait to be filed again, and the request shows as withdrawn.
  await archivist.goto(`/filing?year=${YEAR}&month=${MONTH}`);
  await expect(requests.getByRole("listitem").first()).toContainText("已撤回");
  const records = archivist.getByRole("table", { name: "本期档案" });
  await expect(records.getByRole("row").filter({ hasText: "已采集" })).toHaveCount(4);
  await expect(archivist.getByRole("button", { name: "提交归档申请" })).toBeEnabled();
});
