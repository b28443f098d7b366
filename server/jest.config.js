// Unit specs beside the code (src, *.spec.ts) and end-to-end suites (test/e2e, *.e2e-spec.ts).

// Swagger UI on Fastify loads @fastify/static, whose content-disposition and glob are ESM-only:
// those (and only those) are compiled to CommonJS for Jest.
const ESM_PACKAGES = [
  'content-disposition',
  'glob',
  'minimatch',
  'path-scurry',
  'brace-expansion',
  'balanced-match',
  'lru-cache',
  'minipass',
  'jackspeak',
  '@isaacs',
  'package-json-from-dist',
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    '^.+\\.js$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.esm-deps.json' }],
  },
  // Judge a file by the package it belongs to: the path after its last node_modules/.
  transformIgnorePatterns: [
    `/node_modules/(?!.*/node_modules/)(?!(${ESM_PACKAGES.join('|')})/)`,
    '/shared/dist/',
  ],
  setupFiles: ['reflect-metadata'],
  testTimeout: 60_000,
};
