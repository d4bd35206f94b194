// Placeholder; the foundation work replaces it with the full baseline.
import tseslint from 'typescript-eslint';
export default tseslint.config({ ignores: ['**/dist/**', '**/node_modules/**', '.tools/**', '.data/**'] });
