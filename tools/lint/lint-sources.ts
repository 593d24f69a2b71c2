// Moved to gen/tools/lint-sources.ts; kept so older imports still resolve.
export * from '../../gen/tools/lint-sources.ts';
