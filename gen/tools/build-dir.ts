// The project's build/ folder, wherever the process was started from (a run
// from another folder must not scatter build/ folders there).
// NEUROTILE_BUILD_DIR moves it (tests, read-only checkouts).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

export const BUILD_DIR = process.env.NEUROTILE_BUILD_DIR ? resolve(process.env.NEUROTILE_BUILD_DIR) : resolve(PROJECT_ROOT, 'build');
