/** The dev stack's database unless DATABASE_URL says otherwise. */
export function databaseUrlFromEnv(): string {
  return process.env['DATABASE_URL'] ?? 'postgres://naskah:naskah@127.0.0.1:5433/naskah';
}
