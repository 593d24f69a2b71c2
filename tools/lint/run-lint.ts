// Moved to gen/tools/run-lint.ts (gen's and testbench's tests use it); kept so older imports still resolve.
export * from '../../gen/tools/run-lint.ts';
