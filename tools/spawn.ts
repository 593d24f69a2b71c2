// Moved to gen/tools/run-tool.ts (below every layer that runs tools); kept so older imports still resolve.
export * from '../gen/tools/run-tool.ts';
