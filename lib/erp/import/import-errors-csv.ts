import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { importErrors, imports } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";
import { excelCsvLines } from "@/lib/csv/excel-csv";
import { type Result, fail, invalid, ok } from "@/lib/errors";
import { loadConnectorForImport } from "@/lib/erp/connectors/load-connector";
import { formatMessage } from "@/lib/i18n/load-messages";
import { toImportError } from "./get-import";

export const ImportErrorsCsvInput = z.object({ connectorId: z.uuid(), importId: z.uuid() });

const PAGE = 1000;

/**
 * Every problem of an import as CSV for Excel, through the shared writer (lib/csv/excel-csv: BOM, formulas
 * defused, long numbers kept as text); headers in Chinese and English, the message in both. Streams page by
 * page, so a file with a million bad rows never sits in memory.
 */
export async function importErrorsCsv(ctx: ServiceContext, raw: unknown): Promise<Result<{ fileName: string; lines: AsyncIterable<string> }>> {
  const input = ImportErrorsCsvInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const connector = await loadConnectorForImport(ctx, input.data.connectorId, "read");
  if (!connector.ok) return connector;
  const [imp] = await ctx.db
    .select({ id: imports.id, fileName: imports.fileName })
    .from(imports)
    .where(and(eq(imports.id, input.data.importId), eq(imports.connectorId, input.data.connectorId)));
  if (!imp) return fail("import.not_found");
  const header = (["row", "voucher", "field", "value", "code", "message"] as const).map((k) => `${formatMessage("zh-CN", `import.csv.${k}`)} ${formatMessage("en", `import.csv.${k}`)}`);
  header.splice(5, 1, `${formatMessage("zh-CN", "import.csv.message")}`, `${formatMessage("en", "import.csv.message")}`);
  const db = ctx.db;
  async function* rows() {
    let after = 0;
    for (;;) {
      const page = await db.select().from(importErrors).where(and(eq(importErrors.importId, imp!.id), gt(importErrors.id, after))).orderBy(asc(importErrors.id)).limit(PAGE);
      for (const row of page) {
        const e = toImportError(row);
        yield [e.row, e.voucher, e.field, e.value, e.code, e.message["zh-CN"], e.message.en];
      }
      if (page.length < PAGE) return;
      after = page[page.length - 1]!.id;
    }
  }
  return ok({ fileName: `${imp.fileName.replace(/\.[^.]+$/, "")}-errors.csv`, lines: excelCsvLines(header, rows()) });
}
