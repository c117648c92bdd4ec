import type { Readable } from "node:stream";
import { z } from "zod";
import { imports } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append-audit";
import type { ServiceContext } from "@/lib/context";
import { getEnv } from "@/lib/env";
import { type Result, fail, ok } from "@/lib/errors";
import { type FormatChoice, FormatIdSchema, resolveFormatChoice } from "@/lib/erp/connectors/connector-input";
import { loadConnectorForImport } from "@/lib/erp/connectors/load-connector";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { openUpload, receiveUpload } from "./receive-upload";
import { storeFile } from "./store-file";

export interface StartImportInput {
  connectorId: string;
  file: Readable;
  fileName: string;
  /**
   * How to read this one file when it differs from the connector's setting (the import screen's
   * corrected format or column mapping); absent, the connector's setting applies.
   */
  formatId?: unknown;
  mapping?: unknown;
}

export interface StartedImport {
  id: string;
  connectorId: string;
  state: "queued";
  fileName: string;
  size: number;
  sha256: string;
}

const FileName = z.string().trim().min(1).max(255);

/** A format chosen for this file, checked as the connector's own setting would be; null when none was given. */
function readChoice(input: StartImportInput): Result<FormatChoice | null> {
  if (input.formatId === undefined || input.formatId === null || input.formatId === "") {
    return input.mapping === undefined || input.mapping === null ? ok(null) : fail("import.mapping_needs_custom", undefined, { formatId: "validation.invalid_value" });
  }
  const formatId = FormatIdSchema.safeParse(input.formatId);
  if (!formatId.success) return fail("validation.invalid_input", undefined, { formatId: "validation.invalid_value" });
  return resolveFormatChoice(formatId.data, input.mapping);
}

/**
 * Accepts an ERP export or package for background import and answers at once: the upload is checked
 * (size while streaming, type by its bytes, packages inspected before anything is unpacked), stored
 * content-addressed, and the import row, its audit entry and its job are created together.
 */
export async function startImport(ctx: ServiceContext, input: StartImportInput): Promise<Result<StartedImport>> {
  const name = FileName.safeParse(input.fileName);
  if (!name.success) {
    input.file.resume();
    return fail("import.file_name_invalid", undefined, { fileName: "validation.invalid_value" });
  }
  const choice = readChoice(input);
  if (!choice.ok) {
    input.file.resume();
    return choice;
  }
  const connector = await loadConnectorForImport(ctx, input.connectorId);
  if (!connector.ok) {
    input.file.resume();
    return connector;
  }
  const upload = await receiveUpload(input.file, name.data, getEnv().ACTA_MAX_UPLOAD_BYTES);
  if (!upload.ok) return upload;
  try {
    const file = await storeFile(ctx.db, openUpload(upload.value), upload.value.mediaType);
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(imports)
        .values({
          connectorId: connector.value.id,
          fondsId: connector.value.fondsId,
          fileName: name.data,
          fileId: file.id,
          // The worker reads the file as chosen here, also when it runs again after a crash (runImport).
          ...(choice.value ? { formatId: choice.value.formatId, detection: { choice: choice.value } } : {}),
          createdBy: ctx.actor?.userId ?? null,
          createdAt: ctx.now(),
        })
        .returning({ id: imports.id });
      const id = row!.id;
      await appendAudit(tx, ctx, {
        action: "import.queued",
        targetType: "import",
        targetId: id,
        fondsId: connector.value.fondsId,
        data: { connectorId: connector.value.id, fileName: name.data, size: file.size, sha256: file.sha256, mediaType: file.mediaType, ...(choice.value ? { choice: choice.value } : {}) },
      });
      await enqueue(tx, QUEUES.erpImport, { importId: id });
      return ok({ id, connectorId: connector.value.id, state: "queued" as const, fileName: name.data, size: file.size, sha256: file.sha256 });
    });
  } finally {
    await upload.value.remove();
  }
}
