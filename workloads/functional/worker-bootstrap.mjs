// Entry of a functional-model worker thread: registers tsx's TypeScript
// loader (the thread does not inherit the parent's) and loads the worker.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('./worker.ts');
