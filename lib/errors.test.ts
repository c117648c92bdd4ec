import { z } from "zod";
import { describe, expect, it } from "vitest";
import { invalid } from "./errors";

const schema = z.object({
  name: z.string().min(1),
  agentId: z.number().int().positive(),
  rate: z.number(),
  note: z.string().optional(),
  kind: z.enum(["a", "b"]),
});

const fieldsOf = (input: unknown) => {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error("expected a refusal");
  const result = invalid(parsed.error);
  return result.error.fields;
};

describe("invalid: what each field's reader is told", () => {
  it("says a value left out is required, not that its format is wrong", () => {
    expect(fieldsOf({ agentId: 1, rate: 1, kind: "a" })).toEqual({ name: "validation.required" });
    // Present but of the wrong kind is still a format problem.
    expect(fieldsOf({ name: 7, agentId: 1, rate: 1, kind: "a" })).toEqual({ name: "validation.invalid_type" });
    expect(fieldsOf({ name: null, agentId: 1, rate: 1, kind: "a" })).toEqual({ name: "validation.invalid_type" });
    // A form sends a blank field as an empty text.
    expect(fieldsOf({ name: "", agentId: 1, rate: 1, kind: "a" })).toEqual({ name: "validation.required" });
  });

  it("asks for a number, or a whole number, where one belongs", () => {
    expect(fieldsOf({ name: "n", agentId: "12", rate: Number.NaN, kind: "a" })).toEqual({ agentId: "validation.not_a_number", rate: "validation.not_a_number" });
    expect(fieldsOf({ name: "n", agentId: 1.5, rate: 1, kind: "a" })).toEqual({ agentId: "validation.not_an_integer" });
    expect(fieldsOf({ name: "n", agentId: 0, rate: 1, kind: "a" })).toEqual({ agentId: "validation.too_small" });
  });

  it("keeps zod's own code for everything else, and the first problem of a path", () => {
    expect(fieldsOf({ name: "n", agentId: 1, rate: 1, kind: "c" })).toEqual({ kind: "validation.invalid_value" });
    const short = z.object({ code: z.string().min(2) }).safeParse({ code: "x" });
    expect(!short.success && invalid(short.error).error.fields).toEqual({ code: "validation.too_small" });
    const parsed = z.string().min(3).regex(/^x/).safeParse("ab");
    expect(!parsed.success && invalid(parsed.error).error.fields).toEqual({ _: "validation.too_small" });
  });
});
