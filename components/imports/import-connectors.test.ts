import { describe, expect, it } from "vitest";
import { importConnectors } from "./import-connectors";

const connector = (id: string, fondsId: string, isActive: boolean) => ({ id, fondsId, name: id, sourceSystem: "erp", formatId: null, mapping: null, isActive });

describe("importConnectors", () => {
  it("offers the fonds' deactivated connectors too, after the active ones, so their import history stays in view", () => {
    const all = [connector("old", "f1", false), connector("k3", "f1", true), connector("other", "f2", true), connector("u8", "f1", true)];
    expect(importConnectors(all, "f1").map((c) => [c.id, c.isActive])).toEqual([
      ["k3", true],
      ["u8", true],
      ["old", false],
    ]);
  });

  it("offers none without a current fonds", () => {
    expect(importConnectors([connector("k3", "f1", true)], undefined)).toEqual([]);
  });
});
