import { describe, expect, it } from "vitest";
import { refusedSecrets } from "./refused-secrets";

const CHANGE = [["currentPassword"], ["newPassword", "confirmPassword"]] as const;

describe("refusedSecrets", () => {
  it("empties a refused new password together with its confirmation, and keeps the current one", () => {
    expect(refusedSecrets({ newPassword: "auth.password_too_short" }, CHANGE)).toEqual(["newPassword", "confirmPassword"]);
    expect(refusedSecrets({ confirmPassword: "auth.password_mismatch" }, CHANGE)).toEqual(["newPassword", "confirmPassword"]);
  });

  it("empties a wrong current password alone", () => {
    expect(refusedSecrets({ currentPassword: "auth.wrong_current_password" }, CHANGE)).toEqual(["currentPassword"]);
  });

  it("keeps every password when the refusal is about another field or the whole form", () => {
    expect(refusedSecrets({ username: "validation.invalid_format" }, [["password"]])).toEqual([]);
    expect(refusedSecrets(undefined, CHANGE)).toEqual([]);
  });

  it("empties each refused group", () => {
    expect(refusedSecrets({ currentPassword: "validation.too_small", newPassword: "auth.password_too_short" }, CHANGE)).toEqual(["currentPassword", "newPassword", "confirmPassword"]);
  });
});
