import en from "@/lib/i18n/messages/en/archive.json";
import zh from "@/lib/i18n/messages/zh-CN/archive.json";
import {
  checkArchivalCode,
  checkDuplicates,
  checkElectronicAttributes,
  checkFilesExist,
  checkFixity,
  checkLength,
  checkPackageDigest,
  checkPackageLayout,
  checkRanges,
  checkReasonableness,
  checkSpecialCharacters,
  checkTypes,
} from "./authenticity";
import {
  checkAttachments,
  checkByteCount,
  checkElementsPresent,
  checkFileCount,
  checkItemCount,
  checkProcessInfo,
  checkRequiredValues,
  checkScope,
  checkVoucherNumbering,
} from "./completeness";
import { finding, manualFinding } from "./finding";
import { checkAntivirus, checkExtraFiles, checkVirusScan } from "./security";
import type { CheckDefinition, Property, Stage } from "./types";
import { checkFormat, checkMetadataFile, checkMetadataReadable, checkNoEncryption } from "./usability";

type Code = keyof typeof zh.check.title;

/** Titles come from the message files, so the registry and the UI can never name an item differently. */
function meta(code: Code, property: Property, stages: readonly Stage[]) {
  return { code, property, stages, title: { zh: zh.check.title[code], en: en.check.title[code] } };
}

const ALL: readonly Stage[] = ["GD", "YJ", "BC"];
const GD_YJ: readonly Stage[] = ["GD", "YJ"];

function manualRecord(code: Code, property: Property, stages: readonly Stage[]): CheckDefinition {
  return { ...meta(code, property, stages), mode: "manual", scope: "record", run: (ctx) => manualFinding(ctx, code, ctx.record.id) };
}

/**
 * Also used for the transfer (YJ) and preservation (BC) items that need what this module does not see (the
 * receiver's fonds rules, EEP packages, backups, storage rooms): outside their stage runChecks reports them
 * as not applicable, inside it they wait for a person.
 */
function manualBatch(code: Code, property: Property, stages: readonly Stage[]): CheckDefinition {
  return { ...meta(code, property, stages), mode: "manual", scope: "batch", run: (ctx) => [manualFinding(ctx, code, null)] };
}

/** DA/T 70 4-4/4-5/4-6 concern offline carriers (disks, tapes), which an online system does not deliver. */
function carrier(code: Code, stages: readonly Stage[]): CheckDefinition {
  return {
    ...meta(code, "security", stages),
    mode: "manual",
    scope: "batch",
    run: () => [finding("not_applicable", "archive.check.no_offline_carrier")],
  };
}

/** All 45 items of DA/T 70-2018 (16 authenticity, 11 completeness, 9 usability, 9 security). */
export const DEFAULT_CHECK_REGISTRY: readonly CheckDefinition[] = [
  { ...meta("1-1", "authenticity", ALL), mode: "auto", scope: "record", run: checkFixity },
  { ...meta("1-2", "authenticity", ALL), mode: "auto", scope: "record", run: checkLength },
  { ...meta("1-3", "authenticity", ALL), mode: "auto", scope: "record", run: checkTypes },
  { ...meta("1-4", "authenticity", ALL), mode: "auto", scope: "record", run: checkRanges },
  { ...meta("1-5", "authenticity", ALL), mode: "auto", scope: "record", run: checkReasonableness },
  { ...meta("1-6", "authenticity", ALL), mode: "auto", scope: "record", run: checkSpecialCharacters },
  { ...meta("1-7", "authenticity", ALL), mode: "auto", scope: "record", run: checkArchivalCode },
  { ...meta("1-8", "authenticity", GD_YJ), mode: "auto", scope: "record", run: checkDuplicates },
  manualBatch("1-9", "authenticity", ["YJ"]),
  { ...meta("1-10", "authenticity", ALL), mode: "auto", scope: "record", run: checkElectronicAttributes },
  { ...meta("1-11", "authenticity", ALL), mode: "auto", scope: "record", run: checkFilesExist },
  { ...meta("1-12", "authenticity", GD_YJ), mode: "auto", scope: "batch", run: checkPackageLayout },
  { ...meta("1-13", "authenticity", GD_YJ), mode: "auto", scope: "batch", run: checkPackageLayout },
  { ...meta("1-14", "authenticity", ALL), mode: "auto", scope: "batch", run: checkPackageDigest },
  manualBatch("1-15", "authenticity", ["BC"]),
  manualBatch("1-16", "authenticity", ["BC"]),
  { ...meta("2-1", "completeness", ALL), mode: "auto", scope: "batch", run: checkItemCount },
  { ...meta("2-2", "completeness", ALL), mode: "auto", scope: "batch", run: checkByteCount },
  { ...meta("2-3", "completeness", GD_YJ), mode: "auto", scope: "record", run: checkElementsPresent },
  { ...meta("2-4", "completeness", ALL), mode: "auto", scope: "record", run: checkRequiredValues },
  { ...meta("2-5", "completeness", GD_YJ), mode: "auto", scope: "record", run: checkProcessInfo },
  { ...meta("2-6", "completeness", ALL), mode: "auto", scope: "batch", run: checkVoucherNumbering },
  manualRecord("2-7", "completeness", ALL),
  { ...meta("2-8", "completeness", ALL), mode: "auto", scope: "record", run: checkAttachments },
  { ...meta("2-9", "completeness", ["GD"]), mode: "auto", scope: "record", run: checkScope },
  manualBatch("2-10", "completeness", ["BC"]),
  { ...meta("2-11", "completeness", ALL), mode: "auto", scope: "record", run: checkFileCount },
  { ...meta("3-1", "usability", ALL), mode: "auto", scope: "record", run: checkMetadataFile },
  { ...meta("3-2", "usability", ALL), mode: "auto", scope: "record", run: checkMetadataReadable },
  { ...meta("3-3", "usability", GD_YJ), mode: "auto", scope: "record", run: checkFormat },
  manualRecord("3-4", "usability", ALL),
  manualBatch("3-5", "usability", ["BC"]),
  manualBatch("3-6", "usability", GD_YJ),
  manualBatch("3-7", "usability", ["BC"]),
  { ...meta("3-8", "usability", GD_YJ), mode: "auto", scope: "record", run: checkNoEncryption },
  manualBatch("3-9", "usability", ["BC"]),
  { ...meta("4-1", "security", ALL), mode: "auto", scope: "batch", run: checkAntivirus },
  { ...meta("4-2", "security", ALL), mode: "auto", scope: "record", run: checkVirusScan },
  { ...meta("4-3", "security", GD_YJ), mode: "auto", scope: "batch", run: checkExtraFiles },
  carrier("4-4", ALL),
  carrier("4-5", ALL),
  carrier("4-6", ["GD"]),
  manualBatch("4-7", "security", GD_YJ),
  manualBatch("4-8", "security", ["BC"]),
  manualBatch("4-9", "security", ["BC"]),
];

/** The registry's item codes in DA/T 70 order, the order reports list them in. */
export const CHECK_CODES: readonly string[] = DEFAULT_CHECK_REGISTRY.map((c) => c.code);

const TITLES = new Map(DEFAULT_CHECK_REGISTRY.map((c) => [c.code, c.title]));

/** An item's title in both languages; a code the registry does not know (an older run's) stands for itself. */
export function checkTitle(code: string): { zh: string; en: string } {
  return TITLES.get(code) ?? { zh: code, en: code };
}
