import type { oaConnectors } from "@/db/schema";
import type { OaKind } from "../types";

/** A connector as administrators and the API see it: never a secret, only masked hints. */
export interface OaConnectorView {
  id: string;
  fondsId: string;
  kind: OaKind;
  name: string;
  baseUrl: string | null;
  config: Record<string, unknown>;
  secretHints: Record<string, string>;
  apiKeyPrefix: string | null;
  allowedOrigins: string[];
  allowSsoProvisioning: boolean;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

export function toConnectorView(row: typeof oaConnectors.$inferSelect): OaConnectorView {
  return {
    id: row.id,
    fondsId: row.fondsId,
    kind: row.kind,
    name: row.name,
    baseUrl: row.baseUrl,
    config: row.config,
    secretHints: row.secretHints,
    apiKeyPrefix: row.apiKeyPrefix,
    allowedOrigins: row.allowedOrigins,
    allowSsoProvisioning: row.allowSsoProvisioning,
    isActive: row.isActive,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
