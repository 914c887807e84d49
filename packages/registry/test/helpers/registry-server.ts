// The local ClinicalTrials.gov stand-in lives in src/testing.ts (exported as @cumulus/registry/testing for the API's
// and the dashboard's tests); this package's tests import it from here.
export * from '../../src/testing.js';
