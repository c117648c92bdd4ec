import { expect, test } from "@playwright/test";
import { configureDemoOa, ssoUser } from "./fixtures/oa";
import { OIDC_ISSUER } from "./support/oidc-settings";

test("a person signs in through the OpenID provider; SSO creates them only once the OA connector allows it, with no business role", async ({ page }) => {
  await configureDemoOa({ allowSsoProvisioning: false });
  const login = `sso-${Date.now().toString(36)}`;
  await page.goto("/login");
  await page.getByRole("button", { name: "使用单点登录" }).click();
  // The provider's own sign-in page (oidc-provider's development interaction: any login is an account).
  await expect(page).toHaveURL(new RegExp(`^${OIDC_ISSUER}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page.getByTestId("sso-error")).toContainText("您的单点登录账号尚未在 Acta 开通");
  expect(await ssoUser(OIDC_ISSUER, login)).toBeNull();

  // The administrator allows SSO provisioning on the connector; the provider remembers the person.
  await configureDemoOa({ allowSsoProvisioning: true });
  await page.getByRole("button", { name: "使用单点登录" }).click();
  await expect(page.getByTestId("user-menu")).toBeVisible();
  await expect(page.getByRole("heading", { name: new RegExp(`单点 ${login}`) })).toBeVisible();
  await expect(page.getByText("尚未为您分配全宗")).toBeVisible();
  const user = await ssoUser(OIDC_ISSUER, login);
  expect(user).toMatchObject({ username: login, displayName: `单点 ${login}`, email: `${login}@sso.example.cn`, oidcSubject: login });
  expect(user!.roles).toEqual([]);
  expect((await page.request.get("/api/records")).status()).toBe(403);
});
