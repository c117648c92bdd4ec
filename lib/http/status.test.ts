import { describe, expect, it } from "vitest";
import { statusFor } from "./status";

describe("statusFor", () => {
  it("answers 413 only for what the caller sent being too large", () => {
    expect(["import.upload_too_large", "oa.body_too_large", "imports-ui.preview_too_large"].map(statusFor)).toEqual([413, 413, 413]);
  });

  it("answers a search that matches more than an export holds as the caller's filters (400), as /api/openapi.json documents: a GET sends no content to be too large", () => {
    expect(statusFor("search.export_too_large")).toBe(400);
  });

  it("answers an OA connector Acta cannot use (its secrets or settings broken on Acta's side) as Acta's failure, 503, so the OA retries instead of dropping the decision as a bad request", () => {
    expect(["oa.secrets_unreadable", "oa.connector_misconfigured"].map(statusFor)).toEqual([503, 503]);
    expect(statusFor("oa.malformed")).toBe(400);
  });

  it("answers every callback whose sender is not proven (unsigned, forged, expired, replayed) 401, as issue 6 asks", () => {
    expect(["oa.unsigned", "oa.bad_signature", "oa.expired", "oa.replayed", "oa.decrypt_failed", "oa.wrong_receiver"].map(statusFor)).toEqual([401, 401, 401, 401, 401, 401]);
  });

  it("answers a stored file refused as damaged as Acta's failure, 503 until a good copy is restored, not as the caller's request", () => {
    expect(statusFor("records-ui.stored_file_damaged")).toBe(503);
  });
});
