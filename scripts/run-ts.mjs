// Runs a TypeScript script under tsx's ESM loader (`npx tsx` may load it as
// CommonJS, where every imported binding is a getter call and the emulator's
// hot loops run ~3x slower):  node scripts/run-ts.mjs scripts/X.ts [args]
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const script = process.argv[2];
if (!script) {
  process.stderr.write('usage: node scripts/run-ts.mjs SCRIPT.ts [args]\n');
  process.exit(2);
}
process.argv.splice(2, 1);
await import(pathToFileURL(resolve(script)).href);
