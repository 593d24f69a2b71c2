// Entry of an inference worker thread: registers tsx's ESM loader (the
// thread does not inherit the parent's; ESM, not CJS: CJS-compiled imports
// become getter calls that make the emulator's hot loops ~3x slower).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('./worker.ts');
