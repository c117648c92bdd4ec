import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures/auth";

test("the archivist sets the fonds' volume size and check items, a wrong value is refused under its field, and the settings stay", async ({ page }) => {
  await signIn(page, "archivist");
  await page.goto("/filing/rules");
  const form = page.getByRole("form", { name: "归档设置" });
  const volumeSize = form.getByLabel("每卷凭证数");
  await expect(volumeSize).toHaveValue("50");

  // Refused: nothing changes, the field says why and keeps what was typed.
  await volumeSize.fill("0");
  await form.getByRole("button", { name: "保存设置" }).click();
  await expect(form.getByText("内容过短或数值过小。")).toBeVisible();
  await expect(volumeSize).toHaveValue("0");

  await volumeSize.fill("30");
  await form.getByLabel("附件少于凭证所列张数时（2-8）").selectOption({ label: "不通过" });
  await form.getByLabel("本全宗使用的凭证字（1-4）").fill("记，收 付、转");
  await form.getByText("停用的检测项").click();
  await form.getByLabel(/3-2/).check();
  await form.getByRole("button", { name: "保存设置" }).click();
  await expect(form.getByText("归档设置已保存")).toBeVisible();

  await page.reload();
  await expect(form.getByLabel("每卷凭证数")).toHaveValue("30");
  await expect(form.getByLabel("附件少于凭证所列张数时（2-8）")).toHaveValue("fail");
  await expect(form.getByLabel("本全宗使用的凭证字（1-4）")).toHaveValue("记 收 付 转");
  await expect(form.getByText("已停用 1 项")).toBeVisible();
  await form.getByText("停用的检测项").click();
  await expect(form.getByLabel(/3-2/)).toBeChecked();

  // Put back as the demo had it, for the tests after this one.
  await form.getByLabel("每卷凭证数").fill("50");
  await form.getByLabel("附件少于凭证所列张数时（2-8）").selectOption({ label: "警告" });
  await form.getByLabel("本全宗使用的凭证字（1-4）").fill("");
  await form.getByLabel(/3-2/).uncheck();
  await form.getByRole("button", { name: "保存设置" }).click();
  await expect(form.getByText("归档设置已保存")).toBeVisible();
});
