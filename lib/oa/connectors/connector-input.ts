import { z } from "zod";
import { oaKindSchema } from "../adapters";

/**
 * An embedding origin goes into a Content-Security-Policy header verbatim, so only a bare
 * scheme://host[:port] is accepted: no path, no wildcard, nothing that could add a directive.
 * The URL parser alone lets `*`, `;`, `,` and quotes through in a host, so the host must also be
 * CSP's own host-part: dot-separated letters, digits and hyphens (IDNs in their xn-- form).
 */
const CSP_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

export const originSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value && CSP_HOST.test(url.hostname);
    } catch {
      return false;
    }
  });

/**
 * An OA account id, as the OA's server sends it and administrators map it. PostgreSQL text cannot hold
 * NUL, so one is refused here rather than by the database (a 500).
 */
export const oaUserIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((value) => !value.includes("\u0000"));

export const connectorFieldsSchema = z.object({
  name: z.string().trim().min(1).max(100),
  baseUrl: z.url({ protocol: /^https?$/ }),
  config: z.record(z.string(), z.unknown()).default({}),
  allowedOrigins: z.array(originSchema).max(20).default([]),
  allowSsoProvisioning: z.boolean().default(false),
});

export const createConnectorSchema = connectorFieldsSchema.extend({
  // Chosen by the caller only where the id must be stable (the demo's connector is named in the README).
  id: z.uuid().optional(),
  fondsId: z.uuid(),
  kind: oaKindSchema,
  secrets: z.record(z.string(), z.string()),
});

export const updateConnectorSchema = connectorFieldsSchema.partial().extend({
  id: z.uuid(),
  // Only the secrets typed in are replaced; an empty or missing field keeps the stored one.
  secrets: z.record(z.string(), z.string()).default({}),
  isActive: z.boolean().optional(),
});
