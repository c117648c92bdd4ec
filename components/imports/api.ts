import type { FilePreview } from "@/lib/erp/preview/preview-file";

/** The API words messages in both languages ({ "zh-CN", en }) or, for older answers, in one. */
export type ServerMessage = string | Record<string, string>;

export interface WordedError {
  code: string;
  params?: Record<string, string | number>;
  message?: ServerMessage;
}

export const serverText = (message: ServerMessage | undefined, locale: string): string | undefined =>
  typeof message === "string" ? message : message ? (message[locale] ?? message["zh-CN"]) : undefined;

/** A refused request, carrying the server's error code so the screen words it in the reader's language. */
export class ApiError extends Error {
  constructor(
    readonly error: WordedError,
    readonly status: number,
  ) {
    super(error.code);
  }
}

export type ImportState = "queued" | "running" | "succeeded" | "failed";

export interface ImportCounts {
  rows: number;
  vouchers: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  conflicts: number;
}

export interface ImportErrorView {
  row: number | null;
  voucher: string | null;
  field?: string | null;
  value?: string | null;
  code: string;
  params?: Record<string, string | number>;
  message?: ServerMessage;
}

/** What a ZIP package held besides its voucher file (lib/erp/import/import-package). */
export interface PackageSummary {
  attachments: number;
  invoices: number;
  ledgers: number;
  reports: number;
}

export interface ImportStatus {
  id: string;
  state: ImportState;
  progress: number;
  counts: ImportCounts;
  /** How the file was read, worded by the server; a package adds what it held. */
  detection?: { message?: ServerMessage; package?: PackageSummary; leftOut?: { notInBooks: number } } | null;
  errors: ImportErrorView[];
  /** All the problems; `errors` is the first page of them. */
  errorCount?: number;
  failure?: WordedError | null;
  fileName?: string;
}

export interface ImportSummary {
  id: string;
  state: ImportState;
  fileName: string;
  progress?: number;
  counts: ImportCounts;
  createdAt: string;
  finishedAt?: string | null;
  createdBy?: string | null;
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as { error?: WordedError } | null;
  if (!res.ok) throw new ApiError(body?.error ?? { code: "imports-ui.network" }, res.status);
  return body as T;
}

export const importsPath = (connectorId: string) => `/api/connectors/erp/${connectorId}/imports`;

export function previewFile(form: FormData): Promise<FilePreview> {
  return fetch("/api/imports/preview", { method: "POST", body: form }).then((r) => json<FilePreview>(r));
}

/** `choice` reads this one file another way than the connector's setting; the fields go before the file, where the route reads them. */
export function uploadImport(connectorId: string, file: File, choice?: { formatId: string; mapping?: unknown }): Promise<{ id: string }> {
  const form = new FormData();
  if (choice) {
    form.set("formatId", choice.formatId);
    if (choice.mapping !== undefined) form.set("mapping", JSON.stringify(choice.mapping));
  }
  form.set("file", file, file.name);
  return fetch(importsPath(connectorId), { method: "POST", body: form }).then((r) => json<{ id: string }>(r));
}

export function fetchImport(connectorId: string, importId: string): Promise<ImportStatus> {
  return fetch(`${importsPath(connectorId)}/${importId}`, { cache: "no-store" }).then((r) => json<ImportStatus>(r));
}

export async function fetchHistory(connectorId: string): Promise<ImportSummary[]> {
  const body = await fetch(importsPath(connectorId), { cache: "no-store" }).then((r) => json<{ imports: ImportSummary[] }>(r));
  return body.imports;
}

/** One object of query keys for the area (style guide): invalidation names what it refreshes. */
export const importKeys = {
  history: (connectorId: string) => ["imports", connectorId, "history"] as const,
  status: (connectorId: string, importId: string) => ["imports", connectorId, importId] as const,
};
