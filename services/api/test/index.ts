// The API's test harness (`@naskah/api/testing`): the real API on an ephemeral
// port against a fresh database, and the routing harness (that API plus a
// worker, signers' keys and the stand-in gateway). Only tests and benches
// import it; the lint refuses it in product code. The routing harness needs
// jest's globals, so a bench run outside jest takes the bare API from
// `@naskah/api/testing/api`.
export { startTestApi, type TestApi } from './test-api.js';
export {
  historyText, problem, rowsHolding, samplePdf, useRoutingHarness, RoutingHarness, TEST_SEAL,
  type RoutingHarnessOptions, type RoutingView, type SeededPerson, type StandInProvider,
} from './test-routing.js';
