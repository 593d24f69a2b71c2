// Helpers shared by the tests under gen/.
import { ElaborationError } from './dsl/errors.ts';

/** The ElaborationError that `build` throws (fails the test if it throws nothing or something else). */
export function elaborationErrorOf(build: () => unknown): ElaborationError {
  try {
    build();
  } catch (e) {
    if (e instanceof ElaborationError) return e;
    throw e;
  }
  throw new Error('expected an ElaborationError, got none');
}
