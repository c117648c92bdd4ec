import { describe, expect, it } from "vitest";
import { MIN_POOL, serverPoolSize } from "./pool-size";

describe("serverPoolSize", () => {
  it("takes twice the cores plus one, never fewer than the minimum", () => {
    expect(serverPoolSize(undefined, 2)).toBe(5);
    expect(serverPoolSize(undefined, 8)).toBe(17);
    expect(serverPoolSize(undefined, 1)).toBe(MIN_POOL);
  });

  it("takes the configured size as it is", () => {
    expect(serverPoolSize(3, 8)).toBe(3);
    expect(serverPoolSize(40, 2)).toBe(40);
  });
});
