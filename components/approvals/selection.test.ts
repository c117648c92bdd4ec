import { describe, expect, it } from "vitest";
import { stillListed } from "./selection";

describe("stillListed", () => {
  it("drops the ticked requests that left the inbox (decided by a bulk approval), keeping the refused ones ticked", () => {
    const rows = [{ id: "b" }, { id: "c" }];
    // a was approved and is gone after the refresh; b was refused and stays, still ticked for another try.
    const live = stillListed(new Set(["a", "b"]), rows);
    expect([...live]).toEqual(["b"]);
  });

  it("leaves nothing ticked when every ticked request was decided, so the button counts none and select-all is unticked", () => {
    const rows = [{ id: "c" }];
    const live = stillListed(new Set(["a"]), rows);
    expect(live.size).toBe(0);
    expect(live.size === rows.length).toBe(false);
  });
});
