import { AppError } from '../errors/problem.js';

/** Turns PostgreSQL's unique violation (23505) into a 409 naming the field; rethrows anything else. */
export function uniqueViolation(field: string, message: string): (error: unknown) => never {
  return (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    if (code === '23505' || /unique|duplicate key/i.test(String((error as Error).message))) {
      throw new AppError('ALREADY_EXISTS', 409, message, { field });
    }
    throw error;
  };
}
