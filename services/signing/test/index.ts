// The signing tests' helpers for other packages' tests (`@naskah/signing/testing`).
export { makeNssDb, openssl, pdfsig, pyhankoValidate, qpdfCheck, limiter, type PdfsigSignature, type PyhankoField } from './validators.js';
export { makeTestPki, makeShortLivedTsa, revocationAcross, PASSPHRASE, type TestPki } from './pki-setup.js';
export { buildFixture, buildLargePdf, PYHANKO, type FixtureKind, type FixtureContext } from './fixtures.js';
export { nestedArrayPdf } from './hostile-pdf.js';
