export * from "./enums";
export * from "./auth";
export * from "./fonds";
export * from "./records";
export * from "./filing";
export * from "./connectors";
export * from "./approvals";
export * from "./audit";
