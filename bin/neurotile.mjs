#!/usr/bin/env node
// Launcher: runs the TypeScript CLI (tools/cli/main.ts) under tsx's ESM
// loader, using the repository's tsconfig whatever the working directory.
import { fileURLToPath } from 'node:url';

let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  process.stderr.write("neurotile: the npm packages are not installed: run 'make setup' (or 'npm ci') in the repository\n");
  process.exit(2);
}
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../tools/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
