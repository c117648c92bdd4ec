import { describe, expect, it, vi } from "vitest";
import { copyText } from "./copy-text";

describe("copyText", () => {
  it("uses the Clipboard API where the page has one", async () => {
    const writeText = vi.fn(async () => {});
    const select = vi.fn();
    expect(await copyText("acta_erp_x", select, { navigator: { clipboard: { writeText } } })).toBe(true);
    expect(writeText).toHaveBeenCalledWith("acta_erp_x");
    expect(select).not.toHaveBeenCalled();
  });

  it("selects and copies the old way on plain HTTP, where there is no Clipboard API", async () => {
    const select = vi.fn();
    const execCommand = vi.fn(() => true);
    expect(await copyText("acta_erp_x", select, { navigator: {}, document: { execCommand } })).toBe(true);
    expect(select).toHaveBeenCalled();
    expect(execCommand).toHaveBeenCalledWith("copy");
  });

  it("says so when nothing could copy, leaving the text selected", async () => {
    const select = vi.fn();
    const writeText = vi.fn(async () => Promise.reject(new Error("NotAllowedError")));
    expect(await copyText("k", select, { navigator: { clipboard: { writeText } }, document: { execCommand: () => false } })).toBe(false);
    expect(select).toHaveBeenCalled();
    expect(await copyText("k", select, { navigator: {}, document: { execCommand: () => { throw new Error("x"); } } })).toBe(false);
  });
});
