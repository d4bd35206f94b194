// The domain's test harness (`@naskah/domain/testing`): a fresh, migrated test
// database with its ORM. Only tests import it; the lint refuses it in product code.
export { migratedTestDatabase } from './test-database.js';
