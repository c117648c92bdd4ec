import { SQL, Table, entityKind, is } from "drizzle-orm";
import { PgColumn } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";

/**
 * patches/drizzle-orm+0.45.4.patch: `is` remembers the kinds along each class's chain instead of walking it
 * on every check. It must answer as before, for Drizzle's own classes and for those of another copy of
 * Drizzle, which it recognises by kind, not by identity.
 */
describe("drizzle's is, remembered per class", () => {
  // What another copy of Drizzle loaded beside this one defines: same kinds, other classes.
  class OtherCopySql {
    static readonly [entityKind] = "SQL";
  }
  class OtherCopySqlChild extends OtherCopySql {}
  class Unrelated {}

  it.each([1, 2, 3])("tells kinds apart the same way on check %i", () => {
    expect(is(new OtherCopySql(), SQL)).toBe(true);
    expect(is(new OtherCopySqlChild(), SQL)).toBe(true);
    expect(is(new OtherCopySqlChild(), Table)).toBe(false);
    expect(is(new Unrelated(), SQL)).toBe(false);
    expect(is(null, SQL)).toBe(false);
    expect(is("SQL", SQL)).toBe(false);
  });

  it("still refuses a class that is not a Drizzle entity", () => {
    expect(() => is(new OtherCopySql(), Unrelated as unknown as typeof SQL)).toThrow(/doesn't look like a Drizzle entity/);
    expect(is(new OtherCopySql(), PgColumn)).toBe(false);
  });
});
