import { maskSecret, openSecret, sealSecret } from "@/lib/crypto/secret-box";

export type SecretValues = Record<string, string>;

/** Seals all of a connector's secrets as one value, and keeps a masked hint per field for the admin page. */
export function sealConnectorSecrets(secrets: SecretValues): { secretsEncrypted: string; secretHints: Record<string, string> } {
  const present = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== ""));
  return {
    secretsEncrypted: sealSecret(JSON.stringify(present)),
    secretHints: Object.fromEntries(Object.entries(present).map(([k, v]) => [k, maskSecret(v)])),
  };
}

/** Null when the stored value cannot be opened (altered, or ACTA_SECRET_KEY changed since). */
export function openConnectorSecrets(secretsEncrypted: string | null): SecretValues | null {
  if (!secretsEncrypted) return {};
  const json = openSecret(secretsEncrypted);
  return json === null ? null : (JSON.parse(json) as SecretValues);
}
