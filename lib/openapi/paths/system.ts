import type { OpenApiArea } from "../document";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

export const systemArea: OpenApiArea = {
  tags: [
    { name: "system", description: "Health and service information" },
    { name: "records", description: "Archive records (件)" },
  ],
  paths: {
    "/api/health": {
      get: {
        tags: ["system"],
        summary: "Liveness and database reachability; no sign-in needed",
        responses: {
          "200": {
            description: "Up",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { status: { const: "ok" }, database: { enum: ["embedded", "postgres"] }, version: { type: "string" } },
                },
              },
            },
          },
          "503": { description: "The database is unreachable" },
        },
      },
    },
    "/api/records/{id}": {
      get: {
        tags: ["records"],
        summary: "One record with its state, archival code, volume, retention expiry and latest check results",
        security: [{ session: [] }],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        responses: {
          "200": { description: "The record", content: { "application/json": { schema: { $ref: "#/components/schemas/Record" } } } },
          "401": errorResponse("Not signed in"),
          "403": errorResponse("No permission to read records"),
          "404": errorResponse("No such record, or in a fonds the user may not read"),
        },
      },
    },
  },
  schemas: {
    Record: {
      type: "object",
      required: ["id", "fondsId", "state", "archivalCode", "volume", "retention", "retentionExpiresOn", "checks"],
      properties: {
        id: { type: "string", format: "uuid" },
        fondsId: { type: "string", format: "uuid" },
        category: { enum: ["voucher", "ledger", "report", "other"] },
        materialType: { type: "string", examples: ["voucher", "source_document", "bank_statement"] },
        fiscalYear: { type: "integer" },
        periodKind: { type: ["string", "null"] },
        period: { type: ["integer", "null"] },
        title: { type: "string" },
        docDate: { type: ["string", "null"], format: "date" },
        amount: { type: ["string", "null"], description: "Exact decimal string" },
        state: { enum: ["collected", "filing", "archived", "transferred", "on_loan", "destroyed"] },
        archivalCode: { type: ["string", "null"], description: "档号, given at filing", examples: ["Z001-KU·PZ·2023·D30-0012-0037"] },
        volume: { type: ["object", "null"], properties: { id: { type: "string", format: "uuid" }, volumeNo: { type: ["integer", "null"] }, title: { type: "string" } } },
        itemNo: { type: ["integer", "null"] },
        retention: { enum: ["permanent", "Y30", "Y10", "Y5", "Y2", "after_disposal_5y"], description: "Y30 = 30 years; after_disposal_5y = fixed-asset cards, five years after disposal" },
        retentionExpiresOn: { type: ["string", "null"], format: "date", description: "Last day of retention (from 1 January after the fiscal year); null when permanent or not yet filed" },
        checkStatus: { enum: ["none", "passed", "warning", "failed"] },
        checks: {
          type: "array",
          description: "The results of the latest check run that covered the record",
          items: { type: "object", required: ["code", "property", "outcome", "detail"], properties: { code: { type: "string", description: "DA/T 70-2018 item number", examples: ["1-1"] }, property: { enum: ["authenticity", "completeness", "usability", "security"] }, outcome: { enum: ["pass", "fail", "warning", "not_applicable", "not_performed"] }, detail: { type: "object" } } },
        },
        storageLocation: { type: ["string", "null"] },
        notes: { type: ["string", "null"] },
        metadata: { type: "object" },
        filedAt: { type: ["string", "null"], format: "date-time" },
        voucher: { type: ["object", "null"], description: "Voucher header and lines for a 记账凭证" },
        files: { type: "array", items: { type: "object", properties: { id: { type: "string" }, fileName: { type: "string" }, role: { type: "string" }, size: { type: "integer" }, mediaType: { type: "string" }, sha256: { type: "string" }, sm3: { type: "string" } } } },
      },
    },
  },
};
