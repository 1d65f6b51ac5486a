// Mutation testing of the pure core (`npm run mutation`): every module here decides something
// (a schema, a state transition, a retry, a queue, a redaction) without touching the DOM, so the
// unit tests alone must notice any change to it. Report: reports/mutation/index.html.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vite.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/core/**/*.ts',
    'src/cancel-flow/flow-model.ts',
    'src/cancel-flow/eligibility.ts',
    'src/cancel-flow/outbox-queue.ts',
    'src/cancel-flow/config-schema.ts',
    'src/cancel-flow/config-loader.ts',
    'src/cancel-flow/options.ts',
    'src/tracker/event-queue.ts',
    'src/tracker/options.ts',
    'src/tracker/build-event.ts',
    'src/server/track-proxy.ts',
    'src/server/batch.ts',
    'src/server/cross-site.ts',
    'src/server/identity.ts',
    'src/server/personal-data.ts',
    'src/server/redact.ts',
  ],
  reporters: ['html', 'clear-text', 'progress', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  concurrency: 2,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
}
