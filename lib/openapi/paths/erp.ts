import { importStateEnum } from "@/db/schema";
import { BUSINESS_DOCUMENT_KINDS } from "@/lib/erp/import/push-document";
import { ERP_FORMATS } from "@/lib/erp/formats";
import type { OpenApiArea } from "../document";

const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });
const connectorId = { name: "connectorId", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const importId = { name: "importId", in: "path", required: true, schema: { type: "string", format: "uuid" } };
// Read from the one list of formats, so a format added there is offered here too.
const formatIds = ERP_FORMATS.map((f) => f.id);
const bilingual = { type: "object", required: ["zh-CN", "en"], properties: { "zh-CN": { type: "string" }, en: { type: "string" } } };
const callers = [{ connectorKey: [] }, { session: [] }];
const refusals = {
  "401": error("No credentials: neither a connector key nor a session"),
  "403": error("A wrong key (import.api_key_invalid), or a signed-in user without record.import in the connector's fonds (auth.forbidden)"),
  "404": error("No such connector (import.connector_not_found)"),
};

const importRefusals = {
  ...refusals,
  "404": error("No such connector (import.connector_not_found), or no such import of it (import.not_found)"),
  "422": error("An id is not a UUID"),
};

export const erpArea: OpenApiArea = {
  tags: [{ name: "erp", description: "ERP connectors: file imports, the voucher push API and business documents (issue 3)" }],
  paths: {
    "/api/connectors/erp": {
      get: {
        tags: ["erp"],
        summary: "The connectors the signed-in user may use (record.import in their fonds; all for the system administrator)",
        security: [{ session: [] }],
        responses: { "200": jsonBody({ type: "array", items: ref("ErpConnector") }, "Connectors, never their key hash"), "401": error("Not signed in") },
      },
      post: {
        tags: ["erp"],
        summary: "Create a connector for a fonds (admin.connectors); the API key is in this answer only",
        security: [{ session: [] }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["fondsId", "name", "sourceSystem"],
                properties: {
                  fondsId: { type: "string", format: "uuid" },
                  name: { type: "string", maxLength: 100 },
                  sourceSystem: { type: "string", maxLength: 64, description: "Part of every voucher's identity; keep it stable" },
                  formatId: { type: ["string", "null"], enum: [...formatIds, null], description: "Null: detect from each file" },
                  mapping: { type: "object", description: "Custom column mapping (formatId custom only), lib/erp/formats/custom.ts" },
                },
              },
            },
          },
        },
        responses: {
          "201": jsonBody({ allOf: [ref("ErpConnector"), { type: "object", required: ["apiKey"], properties: { apiKey: { type: "string", examples: ["acta_erp_…"] } } }] }, "Created; store apiKey now"),
          "400": error("Mapping missing or wrong (import.mapping_required, import.mapping_needs_custom, import.mapping_invalid)"),
          "401": error("Not signed in"),
          "403": error("Not the system administrator"),
          "404": error("No such fonds (import.fonds_not_found)"),
          "413": error("The body is over 1 MiB (request.body_too_large) and was not read"),
          "422": error("Invalid input; `fields` names each bad field"),
        },
      },
    },
    "/api/imports/preview": {
      post: {
        tags: ["erp"],
        summary: "How Acta would read a file, before anything is stored: the detected format and why, the first rows as canonical voucher lines, their problems",
        description: "For the import screen. Read in memory, so at most 64 MiB; larger files go straight to an import. A ZIP package is opened as an import would open it and its voucher file previewed. Nothing is written.",
        security: [{ session: [] }],
        requestBody: {
          required: true,
          content: {
            "multipart/form-data": {
              schema: {
                type: "object",
                required: ["file", "connectorId"],
                properties: {
                  file: { type: "string", format: "binary" },
                  connectorId: { type: "string", format: "uuid", description: "Whose format setting and fonds apply" },
                  fileName: { type: "string", maxLength: 255, description: "Defaults to the file part's name" },
                  formatId: { enum: formatIds, description: "Try this format instead of the connector's setting" },
                  mapping: { type: "string", description: "JSON column mapping for formatId `custom`" },
                  rows: { type: "integer", minimum: 1, maximum: 200, default: 20 },
                },
              },
            },
          },
        },
        responses: {
          "200": jsonBody(
            {
              type: "object",
              required: ["detection", "rows", "problems", "truncated", "proposedMapping", "package"],
              properties: {
                detection: { type: "object", description: "formatId, container, encoding, delimiter, headerRow, candidates and the reason" },
                rows: { type: "array", items: { type: "object", properties: { rowNo: { type: "integer" }, header: { type: "object" }, line: { type: "object" } } } },
                problems: { type: "array", maxItems: 50, items: { type: "object", properties: { rowNo: { type: "integer" }, field: { type: "string" }, value: { type: "string" }, code: { type: "string" }, params: { type: "object" } } } },
                truncated: { type: "boolean", description: "More data followed the rows shown" },
                proposedMapping: { type: ["object", "null"], description: "For a header no preset recognised: a column mapping to start the custom format from" },
                package: { type: ["object", "null"], description: "For a ZIP package: its voucher file and how many attachments, invoices, ledgers and reports it holds" },
              },
            },
            "The preview",
          ),
          "400": error("No file (imports-ui.file_required), mapping not JSON, an empty or unreadable file, a refused package, or a deactivated connector (import.connector_inactive)"),
          "401": error("Not signed in"),
          "403": error("No record.import in the connector's fonds"),
          "404": error("No such connector (import.connector_not_found)"),
          "413": error("Over 64 MiB (imports-ui.preview_too_large)"),
          "422": error("Invalid input; `fields` names each bad field"),
        },
      },
    },
    "/api/connectors/erp/{connectorId}/imports": {
      post: {
        tags: ["erp"],
        summary: "Upload an ERP export (CSV/TSV in UTF-8, UTF-8 BOM, GBK or GB18030; XLSX; JSON; XML) or a ZIP package for background import",
        description:
          "Answers at once; poll the import. The upload is streamed and counted against ACTA_MAX_UPLOAD_BYTES (default 1 GiB). Identified by its bytes: " +
          "a file that is not what its name says, a package with unsafe paths, symlinks, encryption, a ZIP bomb, or XML declaring entities is refused and nothing is stored.",
        security: callers,
        parameters: [connectorId],
        requestBody: { required: true, content: { "multipart/form-data": { schema: {
                type: "object",
                required: ["file"],
                properties: {
                  formatId: { enum: formatIds, description: "Read this file with this format instead of the connector's setting; send it before `file`" },
                  mapping: { type: "string", description: "JSON column mapping for formatId `custom`; send it before `file`" },
                  file: { type: "string", format: "binary" },
                },
              } } } },
        responses: {
          "202": jsonBody(
            { type: "object", required: ["id", "state"], properties: { id: { type: "string", format: "uuid" }, connectorId: { type: "string" }, state: { const: "queued" }, fileName: { type: "string" }, size: { type: "integer" }, sha256: { type: "string" } } },
            "Queued",
          ),
          "400": error(
            "Not multipart or no `file` part (import.multipart_required), a body cut off inside the file (import.upload_incomplete), a wrong or empty file, a refused package " +
              "(import.*, package.*, erp.xml_doctype_forbidden), a `mapping` that is not JSON or does not fit `formatId`, or a deactivated connector (import.connector_inactive)",
          ),
          ...refusals,
          "413": error("Larger than ACTA_MAX_UPLOAD_BYTES (import.upload_too_large); nothing stored"),
          "422": error("An unknown `formatId` (validation.invalid_input)"),
        },
      },
      get: {
        tags: ["erp"],
        summary: "Import history of the connector, newest first",
        security: callers,
        parameters: [connectorId, { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } }],
        responses: {
          "200": jsonBody({ type: "object", required: ["imports"], properties: { imports: { type: "array", items: ref("ImportSummary") } } }, "History"),
          ...refusals,
          "422": error("`limit` out of range"),
        },
      },
    },
    "/api/connectors/erp/{connectorId}/imports/{importId}": {
      get: {
        tags: ["erp"],
        summary: "State, progress, counts, the detected format and why, and the first page of problems",
        security: callers,
        parameters: [connectorId, importId],
        responses: { "200": jsonBody(ref("ImportStatus"), "The import"), ...importRefusals },
      },
    },
    "/api/connectors/erp/{connectorId}/imports/{importId}/errors.csv": {
      get: {
        tags: ["erp"],
        summary: "Every problem of the import as CSV (UTF-8 with BOM for Excel; headers and messages in Chinese and English)",
        security: callers,
        parameters: [connectorId, importId],
        responses: { "200": { description: "CSV", content: { "text/csv": { schema: { type: "string" } } } }, ...importRefusals },
      },
    },
    "/api/connectors/erp/{connectorId}/vouchers": {
      post: {
        tags: ["erp"],
        summary: "Push up to 1000 canonical vouchers; answers per voucher",
        description:
          "Each voucher is written whole or not at all. Identity is (fonds, connector's source system, fiscal year, period, voucher word, voucher number): " +
          "the same content is unchanged, changed content updates a collected record, and is a conflict for a record in filing or filed.",
        security: callers,
        parameters: [connectorId, { name: "Idempotency-Key", in: "header", required: true, schema: { type: "string", maxLength: 200 }, description: "Same key and body: the stored answer; same key, other body: 409" }],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["vouchers"], properties: { vouchers: { type: "array", maxItems: 1000, items: ref("CanonicalVoucher") } } } } } },
        responses: {
          "200": jsonBody(
            {
              type: "object",
              required: ["results", "counts", "replayed"],
              properties: {
                results: { type: "array", items: ref("VoucherResult") },
                counts: { type: "object", properties: { created: { type: "integer" }, updated: { type: "integer" }, unchanged: { type: "integer" }, rejected: { type: "integer" }, conflict: { type: "integer" } } },
                replayed: { type: "boolean" },
              },
            },
            "One result per voucher, in request order",
          ),
          "400": error("No Idempotency-Key (import.idempotency_key_required), not a batch of 1 to 1000 (import.batch_invalid), or a deactivated connector (import.connector_inactive)"),
          ...refusals,
          "409": error("Idempotency-Key reused with another body (import.idempotency_conflict)"),
          "413": error("The body is over 64 MiB (request.body_too_large) and was not read: split the batch"),
        },
      },
    },
    "/api/connectors/erp/{connectorId}/documents": {
      post: {
        tags: ["erp"],
        summary: "Keep an ERP business document as a source document, linked to every voucher citing its number (documentRefs), whichever arrives first",
        security: callers,
        parameters: [connectorId],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["kind", "documentNo", "date"],
                properties: {
                  kind: { enum: BUSINESS_DOCUMENT_KINDS },
                  documentNo: { type: "string", minLength: 1, maxLength: 200 },
                  date: { type: "string", format: "date" },
                  counterparty: { type: "string", maxLength: 200 },
                  amount: { type: "string", pattern: "^-?\\d+(\\.\\d{1,2})?$", description: "Exact decimal as a string" },
                  currency: { type: "string", pattern: "^[A-Z]{3}$", default: "CNY" },
                  lines: { type: "array", maxItems: 10000, items: { type: "object" } },
                  data: { type: "object" },
                  file: {
                    type: "object",
                    required: ["name", "contentBase64"],
                    description: "The document as a file (at most 50 MiB), identified by its bytes",
                    properties: { name: { type: "string", maxLength: 255 }, contentBase64: { type: "string", contentEncoding: "base64" } },
                  },
                },
              },
            },
          },
        },
        responses: {
          "201": jsonBody(ref("DocumentResult"), "Created"),
          "200": jsonBody(ref("DocumentResult"), "Unchanged, updated, or a conflict with a filed record"),
          "400": error("File not valid base64 (import.document_file_invalid), or a deactivated connector (import.connector_inactive)"),
          ...refusals,
          "413": error("The body is over about 82 MiB (request.body_too_large: a 50 MiB file as base64 plus its data) and was not read"),
          "422": error("Invalid document; `fields` names each bad field"),
        },
      },
    },
  },
  schemas: {
    ErpConnector: {
      type: "object",
      required: ["id", "fondsId", "name", "sourceSystem", "formatId"],
      properties: {
        id: { type: "string", format: "uuid" },
        fondsId: { type: "string", format: "uuid" },
        fondsCode: { type: "string" },
        fondsName: { type: "string" },
        name: { type: "string" },
        sourceSystem: { type: "string" },
        formatId: { type: ["string", "null"] },
        mapping: { type: ["object", "null"] },
        apiKeyPrefix: { type: ["string", "null"] },
        isActive: { type: "boolean" },
        createdAt: { type: "string", format: "date-time" },
      },
    },
    ImportSummary: {
      type: "object",
      properties: {
        id: { type: "string", format: "uuid" },
        connectorId: { type: "string", format: "uuid" },
        connectorName: { type: "string" },
        fileName: { type: "string" },
        state: { enum: importStateEnum.enumValues },
        progress: { type: "integer", minimum: 0, maximum: 100 },
        formatId: { type: ["string", "null"] },
        counts: { type: "object", description: "as in ImportStatus" },
        failure: { type: ["object", "null"], properties: { code: { type: "string" }, params: { type: "object" } } },
        createdAt: { type: "string", format: "date-time" },
        finishedAt: { type: ["string", "null"], format: "date-time" },
        createdBy: { type: ["string", "null"], description: "display name of who uploaded it; null for an upload by the connector's key" },
      },
    },
    ImportStatus: {
      type: "object",
      required: ["id", "state", "progress", "counts", "errors"],
      properties: {
        id: { type: "string", format: "uuid" },
        connectorId: { type: "string", format: "uuid" },
        fondsId: { type: "string", format: "uuid" },
        fileName: { type: "string" },
        state: { enum: importStateEnum.enumValues },
        progress: { type: "integer", minimum: 0, maximum: 100 },
        counts: {
          type: "object",
          description: "rows: data rows read; vouchers: distinct voucher identities; rejected: vouchers refused plus rows tied to no voucher; conflicts: filed vouchers with other content, duplicate invoices",
          properties: Object.fromEntries(["rows", "vouchers", "created", "updated", "unchanged", "rejected", "conflicts"].map((k) => [k, { type: "integer" }])),
        },
        detection: { type: ["object", "null"], description: "formatId, container, encoding, delimiter, headerRow, candidates, reason code with message; package summary for ZIP uploads; leftOut when rows of draft or cancelled documents were left out (not counted in counts.rows), as the ERP's own ledgers leave them out", properties: { formatId: { type: ["string", "null"] }, message: bilingual, leftOut: { type: "object", properties: { notInBooks: { type: "integer", minimum: 1 } } } } },
        failure: { type: ["object", "null"], properties: { code: { type: "string" }, params: { type: "object" }, message: bilingual } },
        errors: { type: "array", maxItems: 50, items: ref("ImportError") },
        errorCount: { type: "integer" },
        createdAt: { type: "string", format: "date-time" },
        startedAt: { type: ["string", "null"], format: "date-time" },
        finishedAt: { type: ["string", "null"], format: "date-time" },
      },
    },
    ImportError: {
      type: "object",
      required: ["row", "field", "value", "code", "message"],
      properties: {
        row: { type: ["integer", "null"], description: "Row as Excel shows it (entry number for JSON/XML); 0 for the whole file" },
        voucher: { type: ["string", "null"], examples: ["记-12 (2024-3)"] },
        field: { type: ["string", "null"] },
        value: { type: ["string", "null"] },
        code: { type: "string", examples: ["erp.unbalanced"] },
        params: { type: "object" },
        message: bilingual,
      },
    },
    CanonicalVoucher: {
      type: "object",
      description: "lib/erp/model.ts CanonicalVoucherSchema; money as decimal strings. The source system is the connector's: a sourceSystem sent here is ignored.",
      required: ["fiscalYear", "period", "voucherWord", "voucherNo", "date", "lines"],
      properties: {
        fiscalYear: { type: "integer", minimum: 1900, maximum: 9999 },
        period: { type: "integer", minimum: 1, maximum: 12 },
        voucherWord: { type: "string", maxLength: 32, examples: ["记"] },
        voucherNo: { type: "string", pattern: "^\\d{1,20}$", description: "Not all zeros; leading zeros do not make another voucher" },
        date: { type: "string", format: "date", description: "Within the fiscal year and period" },
        summary: { type: "string", maxLength: 500, description: "Defaults to the first line's" },
        preparer: { type: "string", maxLength: 100 },
        reviewer: { type: "string", maxLength: 100 },
        poster: { type: "string", maxLength: 100 },
        cashier: { type: "string", maxLength: 100 },
        attachmentCount: { type: "integer", minimum: 0 },
        currency: { type: "string", pattern: "^[A-Z]{3}$", default: "CNY" },
        externalId: { type: "string", maxLength: 200, description: "The ERP's own id of the voucher" },
        invoiceNumbers: { type: "array", items: { type: "string", pattern: "^(\\d{20}|\\d{10}-\\d{8}|\\d{12}-\\d{8})$" }, description: "数电票 numbers (20 digits) or legacy code-number pairs" },
        documentRefs: { type: "array", items: { type: "string", maxLength: 200 }, description: "Numbers of business documents (ERP documents, OA claims) the voucher cites" },
        lines: {
          type: "array",
          minItems: 1,
          items: {
            type: "object",
            required: ["seq", "summary", "accountCode", "debit", "credit"],
            properties: {
              seq: { type: "integer", minimum: 1 },
              summary: { type: "string", maxLength: 500 },
              accountCode: { type: "string", maxLength: 64 },
              accountName: { type: "string", maxLength: 200 },
              debit: { type: "string", pattern: "^-?\\d+(\\.\\d{1,2})?$" },
              credit: { type: "string", pattern: "^-?\\d+(\\.\\d{1,2})?$" },
              currency: { type: "string", pattern: "^[A-Z]{3}$" },
              exchangeRate: { type: "string", pattern: "^-?\\d+(\\.\\d{1,6})?$" },
              foreignAmount: { type: "string", pattern: "^-?\\d+(\\.\\d{1,6})?$" },
              quantity: { type: "string", pattern: "^-?\\d+(\\.\\d{1,6})?$" },
              unitPrice: { type: "string", pattern: "^-?\\d+(\\.\\d{1,6})?$" },
              dimensions: { type: "object", additionalProperties: { type: "string" }, description: "Counterparty, department, project…" },
            },
          },
        },
      },
    },
    VoucherResult: {
      type: "object",
      required: ["index", "outcome"],
      properties: {
        index: { type: "integer", description: "Position in the request's vouchers" },
        voucherWord: { type: "string" },
        voucherNo: { type: "string" },
        fiscalYear: { type: "integer" },
        period: { type: "integer" },
        outcome: { enum: ["created", "updated", "unchanged", "rejected", "conflict"] },
        recordId: { type: "string", format: "uuid", description: "Absent for rejected vouchers and conflicts" },
        problems: {
          type: "array",
          items: {
            type: "object",
            required: ["field", "value", "code", "params", "message"],
            properties: { field: { type: "string" }, value: { type: "string" }, code: { type: "string", examples: ["erp.unbalanced"] }, params: { type: "object" }, message: bilingual },
          },
        },
      },
    },
    DocumentResult: {
      type: "object",
      required: ["recordId", "outcome", "linkedVouchers"],
      properties: { recordId: { type: "string", format: "uuid" }, outcome: { enum: ["created", "updated", "unchanged", "conflict"] }, linkedVouchers: { type: "integer" } },
    },
  },
};
