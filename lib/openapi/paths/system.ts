import { categoryEnum, checkOutcomeEnum, checkStatusEnum, periodKindEnum, recordStateEnum, retentionEnum } from "@/db/schema";
import { EXPORT_CAP } from "@/lib/search/limits";
import { SEARCH_SORTS } from "@/lib/search/search-input";
import type { OpenApiArea } from "../document";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

// GET /api/records, its export and the OA's search take the same filters (lib/search/search-input.ts).
export const searchFilters = [
  { name: "q", in: "query", description: "Words of summaries, lines, accounts, counterparties, invoice numbers, archival codes, voucher numbers; two or more Chinese characters match as words", schema: { type: "string", maxLength: 200 } },
  { name: "fondsId", in: "query", schema: { type: "string", format: "uuid" } },
  { name: "fiscalYear", in: "query", schema: { type: "integer", minimum: 1900, maximum: 2200 } },
  {
    name: "period",
    in: "query",
    description: "A month (1–12) unless periodKind names another kind: then the quarter (1–4) or half (1 first, 2 second). Alone it finds monthly material only, never the Q3 report of period 3",
    schema: { type: "integer", minimum: 1, maximum: 12 },
  },
  {
    name: "periodKind",
    in: "query",
    description: "month, quarter, half or year (annual reports and ledgers, which have no period); month when only period is given. A period beyond the kind (quarter 5, any period of a year) is refused",
    schema: { enum: periodKindEnum.enumValues },
  },
  { name: "category", in: "query", schema: { enum: categoryEnum.enumValues } },
  { name: "state", in: "query", schema: { enum: recordStateEnum.enumValues } },
  { name: "volumeId", in: "query", schema: { type: "string", format: "uuid" } },
  { name: "account", in: "query", description: "Account code; sub-accounts match too", schema: { type: "string" } },
  { name: "amountMin", in: "query", description: "Exact decimal", schema: { type: "string", pattern: "^-?\\d{1,16}(\\.\\d{1,2})?$" } },
  { name: "amountMax", in: "query", description: "Exact decimal, not below amountMin", schema: { type: "string", pattern: "^-?\\d{1,16}(\\.\\d{1,2})?$" } },
  { name: "dateFrom", in: "query", schema: { type: "string", format: "date" } },
  { name: "dateTo", in: "query", schema: { type: "string", format: "date" } },
  { name: "expiresFrom", in: "query", description: "Retention expiring on or after", schema: { type: "string", format: "date" } },
  { name: "expiresTo", in: "query", description: "Retention expiring on or before", schema: { type: "string", format: "date" } },
  { name: "checkStatus", in: "query", schema: { enum: checkStatusEnum.enumValues } },
  { name: "sort", in: "query", schema: { enum: SEARCH_SORTS, default: "date_desc" } },
];

const health = (status: string) => ({
  type: "object",
  required: ["status", "database", "version"],
  properties: { status: { const: status }, database: { enum: ["embedded", "postgres"] }, version: { type: "string" } },
});

// Preview and download answer the same bytes; only the Content-Disposition and the audit action differ.
const recordFileDescription =
  "PDFs and images up to 32 MiB come back as a PDF rendition watermarked with the reader's name and the time (`X-Acta-Watermarked: 1`); " +
  "larger ones, and other formats (XML, OFD, ZIP…), as stored, streamed, always as an attachment. The stored original never changes. " +
  "The bytes are held to the SHA-256 and size fixed at ingest: a damaged original is refused (503) or, when streamed, cut short before the declared Content-Length.";
const recordFileParameters = [
  { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } },
  { name: "fileId", in: "path", required: true, description: "The id of one of the record's `files`", schema: { type: "string", format: "uuid" } },
];
const recordFileResponses = {
  "200": {
    description: "The file's bytes",
    headers: { "X-Acta-Watermarked": { description: "1 for a watermarked rendition, 0 for the stored bytes", schema: { enum: ["0", "1"] } } },
    content: { "*/*": { schema: { type: "string", format: "binary" } } },
  },
  "401": errorResponse("Not signed in"),
  "404": errorResponse("No such file of the record, or in a fonds the user may not read (records-ui.file_not_found)"),
  "422": errorResponse("An id is not a UUID"),
  "503": errorResponse(
    "The stored bytes are gone from the store (records-ui.stored_file_not_found, the missing-file alert raised), or no longer match the SHA-256 fixed at ingest, found before sending (a PDF or image of up to 32 MiB, read whole to render it): refused, the fixity alert raised (records-ui.stored_file_damaged). Other files are checked while they stream: a damaged one ends before the declared Content-Length, so the client sees the download fail",
  ),
};

export const searchPaging = [
  { name: "page", in: "query", description: "At most 10,000 results deep (search.page_too_deep)", schema: { type: "integer", minimum: 1, default: 1 } },
  { name: "pageSize", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
];

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
          "200": { description: "Up", content: { "application/json": { schema: health("ok") } } },
          "503": { description: "The database is unreachable", content: { "application/json": { schema: health("unavailable") } } },
        },
      },
    },
    "/api/records": {
      get: {
        tags: ["records"],
        summary: "Search records the user may see; matches come back highlighted with <mark>",
        security: [{ session: [] }],
        parameters: [...searchFilters, ...searchPaging],
        responses: {
          "200": { description: "One page of results", content: { "application/json": { schema: { $ref: "#/components/schemas/SearchResult" } } } },
          "400": errorResponse("A page past the first 10,000 results (search.page_too_deep): narrow the filters"),
          "401": errorResponse("Not signed in"),
          "403": errorResponse("The fonds is not one the user may read"),
          "422": errorResponse("A filter is not valid; `fields` names each (validation.invalid_input)"),
        },
      },
    },
    "/api/records/export": {
      get: {
        tags: ["records"],
        summary: `The records a search finds as an Excel catalogue (at most ${EXPORT_CAP.toLocaleString("en")}), in the search's order; audited`,
        security: [{ session: [] }],
        parameters: [...searchFilters, { name: "locale", in: "query", description: "Language of the sheet", schema: { enum: ["zh-CN", "en"], default: "zh-CN" } }],
        responses: {
          "200": { description: "The workbook", content: { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: { type: "string", format: "binary" } } } },
          "400": errorResponse(`More than ${EXPORT_CAP.toLocaleString("en")} records match (search.export_too_large): narrow the filters`),
          "401": errorResponse("Not signed in"),
          "403": errorResponse("The fonds is not one the user may read"),
          "422": errorResponse("A filter is not valid; `fields` names each (validation.invalid_input)"),
        },
      },
    },
    "/api/openapi.json": {
      get: {
        tags: ["system"],
        summary: "This description of the API (OpenAPI 3.1); no sign-in needed",
        responses: { "200": { description: "The document", content: { "application/json": { schema: { type: "object" } } } } },
      },
    },
    "/api/records/{id}/files/{fileId}/preview": {
      get: {
        tags: ["records"],
        summary: "A file of a record to show in the browser; audited (record.file_previewed)",
        description: recordFileDescription,
        security: [{ session: [] }],
        parameters: recordFileParameters,
        responses: recordFileResponses,
      },
    },
    "/api/records/{id}/files/{fileId}/download": {
      get: {
        tags: ["records"],
        summary: "A file of a record to save; audited (record.file_downloaded)",
        description: recordFileDescription,
        security: [{ session: [] }],
        parameters: recordFileParameters,
        responses: recordFileResponses,
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
          "422": errorResponse("The id is not a UUID"),
        },
      },
    },
  },
  schemas: {
    SearchResult: {
      type: "object",
      required: ["items", "total", "totalIsEstimate", "page", "pageSize"],
      properties: {
        items: { type: "array", items: { type: "object", description: "A record with titleHtml and fragments, highlighted; periodKind (month, quarter, half, year) says what its period counts" } },
        total: { type: "integer" },
        totalIsEstimate: { type: "boolean", description: "True past 1,000 matches of words or other filters: the total is the planner's estimate. A list of one fonds filtered only by year, category, period, state or volume is always counted exactly." },
        page: { type: "integer" },
        pageSize: { type: "integer" },
      },
    },
    Record: {
      type: "object",
      required: ["id", "fondsId", "state", "archivalCode", "volume", "retention", "retentionExpiresOn", "checks"],
      properties: {
        id: { type: "string", format: "uuid" },
        fondsId: { type: "string", format: "uuid" },
        category: { enum: categoryEnum.enumValues },
        materialType: { type: "string", examples: ["voucher", "source_document", "bank_statement"] },
        fiscalYear: { type: "integer" },
        periodKind: { type: ["string", "null"] },
        period: { type: ["integer", "null"] },
        title: { type: "string" },
        docDate: { type: ["string", "null"], format: "date" },
        amount: { type: ["string", "null"], description: "Exact decimal string" },
        state: { enum: recordStateEnum.enumValues },
        archivalCode: { type: ["string", "null"], description: "档号, given at filing", examples: ["Z001-KU·PZ·2023·D30-0012-0037"] },
        volume: { type: ["object", "null"], properties: { id: { type: "string", format: "uuid" }, volumeNo: { type: ["integer", "null"] }, title: { type: "string" } } },
        itemNo: { type: ["integer", "null"] },
        retention: { enum: retentionEnum.enumValues, description: "Y30 = 30 years; after_disposal_5y = fixed-asset cards, five years after disposal" },
        retentionExpiresOn: { type: ["string", "null"], format: "date", description: "Last day of retention (from 1 January after the fiscal year); null when permanent or not yet filed" },
        checkStatus: { enum: checkStatusEnum.enumValues },
        checks: {
          type: "array",
          description: "The results of the latest check run that covered the record",
          items: { type: "object", required: ["code", "property", "outcome", "detail"], properties: { code: { type: "string", description: "DA/T 70-2018 item number", examples: ["1-1"] }, property: { enum: ["authenticity", "completeness", "usability", "security"] }, outcome: { enum: checkOutcomeEnum.enumValues }, detail: { type: "object" } } },
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
