// The domain's test harness (`@naskah/domain/testing`): a fresh, migrated test
// database with its ORM (and, seeded, with a pg client for plain-SQL rows). Only tests import it; the lint refuses it in product code.
export { migratedTestDatabase, seededTestDatabase } from './test-database.js';
