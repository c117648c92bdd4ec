import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { context, file, options, recordContext, voucherRecord } from "./__fixtures__/batch";
import { checkAntivirus, checkExtraFiles, checkVirusScan } from "./security";
import { checkFormat, checkMetadataFile, checkMetadataReadable, checkNoEncryption } from "./usability";

const opts = options();
const base = voucherRecord(1);

describe("3-1 metadata file parses", () => {
  it("passes well-formed XML", () => {
    const record = { ...base, metadataXml: "<VOUCHER><FISCAL_YEAR>2024</FISCAL_YEAR></VOUCHER>" };
    expect(checkMetadataFile(recordContext(record))).toEqual({ outcome: "pass", detail: { code: "archive.check.metadata_file_parses" } });
  });

  it("fails broken XML with its position", () => {
    const record = { ...base, metadataXml: "<VOUCHER>\n<FISCAL_YEAR>2024</VOUCHER>" };
    const result = checkMetadataFile(recordContext(record));
    expect(result.outcome).toBe("fail");
    expect(result.detail).toMatchObject({ code: "archive.check.metadata_file_invalid", params: { line: 2 } });
  });

  const samples = path.resolve(import.meta.dirname, "../../../../shared/samples/einvoice");
  it.skipIf(!existsSync(samples))("passes the signed 数电票 XML sample (skipped: /work/shared/samples absent)", () => {
    const xml = readFileSync(path.join(samples, "shudianpiao-special-vat.xml"), "utf8");
    expect(checkMetadataFile(recordContext({ ...base, metadataXml: xml })).outcome).toBe("pass");
    expect(checkMetadataFile(recordContext({ ...base, metadataXml: xml.slice(0, xml.length / 2) })).outcome).toBe("fail");
  });

  it("is not applicable without an XML file", () => {
    expect(checkMetadataFile(recordContext()).outcome).toBe("not_applicable");
  });
});

describe("3-2 metadata accessible", () => {
  it("passes readable metadata and fails unreadable metadata", () => {
    expect(checkMetadataReadable(recordContext()).outcome).toBe("pass");
    expect(checkMetadataReadable(recordContext({ ...base, metadata: null }))).toEqual({ outcome: "fail", detail: { code: "archive.check.metadata_unreadable" } });
  });
});

describe("3-3 format", () => {
  it("passes long-term formats by sniffed type", () => {
    const files = [file(), file({ name: "a.pdf", mediaType: "application/pdf" }), file({ name: "b.xml", mediaType: "application/xml" })];
    expect(checkFormat(recordContext({ ...base, files }), opts)).toEqual({ outcome: "pass", detail: { code: "archive.check.formats_allowed" } });
  });

  it("fails other formats, including unrecognised bytes, whatever the file is called", () => {
    const files = [file({ name: "fake.pdf", mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }), file({ name: "x.ofd", mediaType: null })];
    expect(checkFormat(recordContext({ ...base, files }), opts)).toEqual({
      outcome: "fail",
      detail: {
        code: "archive.check.format_not_allowed",
        params: { files: "fake.pdf, x.ofd", mediaTypes: "application/vnd.openxmlformats-officedocument.wordprocessingml.document, unknown" },
      },
    });
  });

  it("uses the fonds' own list when it has one", () => {
    expect(checkFormat(recordContext(), options({ allowedMediaTypes: ["application/pdf"] })).outcome).toBe("fail");
  });
});

describe("3-8 no encryption or compression", () => {
  it("passes plain files", () => {
    expect(checkNoEncryption(recordContext())).toEqual({ outcome: "pass", detail: { code: "archive.check.not_encrypted" } });
  });

  it("fails encrypted files, proprietary compression and nested archives", () => {
    expect(checkNoEncryption(recordContext({ ...base, files: [file({ isEncrypted: true })] }))).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.encrypted", params: { files: "记账凭证.ofd" } },
    });
    expect(checkNoEncryption(recordContext({ ...base, files: [file({ hasProprietaryCompression: true })] })).detail.code).toBe("archive.check.compressed");
    expect(checkNoEncryption(recordContext({ ...base, files: [file({ name: "a.zip", mediaType: "application/zip" })] })).detail.code).toBe("archive.check.compressed");
  });
});

describe("3-3 and 3-8 on a file that cannot be read", () => {
  it("judge nothing about bytes they never saw: not performed, neither passed nor an 'unknown' format", () => {
    const missing = file({ name: "记-9.pdf", mediaType: null, sha256Now: null });
    const expected = { outcome: "not_performed", detail: { code: "archive.check.content_unavailable", params: { files: "记-9.pdf" } } };
    expect(checkNoEncryption(recordContext({ ...base, files: [file(), missing] }))).toEqual(expected);
    expect(checkFormat(recordContext({ ...base, files: [file(), missing] }), opts)).toEqual(expected);
    // A readable file that fails still decides the item.
    expect(checkNoEncryption(recordContext({ ...base, files: [file({ isEncrypted: true }), missing] })).outcome).toBe("fail");
  });
});

describe("4-1 antivirus", () => {
  it("passes when a scanner answers and is not performed when none does", () => {
    expect(checkAntivirus(context())).toEqual([{ outcome: "pass", detail: { code: "archive.check.antivirus_available" } }]);
    expect(checkAntivirus(context(undefined, { environment: { antivirusAvailable: false } }))).toEqual([
      { outcome: "not_performed", detail: { code: "archive.check.antivirus_unavailable" } },
    ]);
  });
});

describe("4-2 virus scan", () => {
  it("passes clean files", () => {
    expect(checkVirusScan(recordContext())).toEqual({ outcome: "pass", detail: { code: "archive.check.scan_clean" } });
  });

  it("fails infected files with the signature name", () => {
    const record = { ...base, files: [file({ virusScan: "infected", virusName: "Win.Test.EICAR_HDB-1" })] };
    expect(checkVirusScan(recordContext(record))).toEqual({
      outcome: "fail",
      detail: { code: "archive.check.virus_found", params: { files: "记账凭证.ofd", viruses: "Win.Test.EICAR_HDB-1" } },
    });
  });

  it("is not performed when a file could not be scanned", () => {
    expect(checkVirusScan(recordContext({ ...base, files: [file({ virusScan: "unavailable" })] })).outcome).toBe("not_performed");
  });
});

describe("4-3 extra files", () => {
  it("passes a batch of archival files only", () => {
    expect(checkExtraFiles(context())).toEqual([{ outcome: "pass", detail: { code: "archive.check.no_extra_files" } }]);
  });

  it("warns about system litter and executables, in records or in the package", () => {
    const record = { ...base, files: [file(), file({ name: "Thumbs.db", mediaType: null }), file({ name: "setup.exe", mediaType: "application/x-msdownload" })] };
    const ctx = context([record]);
    const withPackage = { ...ctx, batch: { ...ctx.batch, package: { sha256AtIngest: null, sha256Now: null, fileNames: ["2024年会计档案/.DS_Store", "说明文件.txt"] } } };
    expect(checkExtraFiles(withPackage)).toEqual([
      { outcome: "warning", detail: { code: "archive.check.extra_files", params: { files: "Thumbs.db, setup.exe, 2024年会计档案/.DS_Store" } } },
    ]);
  });
});
