/** Recognising PostgreSQL errors the routes turn into protocol errors. */
export function isUniqueViolation(error: unknown): error is { constraint_name?: string } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
