import { expect } from 'vitest';
import { AppError } from '../../src/errors.js';

/** Run `run`, expect it to throw a VALIDATION AppError, and return that error. */
export function validationError(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    return error as AppError;
  }
  throw new Error('expected a validation error');
}
