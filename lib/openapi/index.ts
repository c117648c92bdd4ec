import { buildOpenApiDocument } from "./document";
import { erpArea } from "./paths/erp";
import { systemArea } from "./paths/system";
import { filingArea } from "./paths/filing";
import { oaArea } from "./paths/oa";

// One line per area; each area owns its module under ./paths.
const PATH_MODULES = [systemArea, filingArea, oaArea, erpArea];

export const openApiDocument = () => buildOpenApiDocument(PATH_MODULES);
