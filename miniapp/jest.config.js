// Packages that ship ES modules only, so Babel must compile them for Jest. The ignore pattern
// looks at the whole path: @tarojs/components nests ESM copies of tslib in its own node_modules,
// which a plain `/node_modules/(?!@tarojs)` would match at the inner folder and skip.
const ESM_PACKAGES = [
  '@tarojs',
  '@stencil',
  'lodash-es',
  'query-string',
  'decode-uri-component',
  'filter-obj',
  'split-on-first',
  'nanoid',
  'swiper',
  '@nutui',
  '@swc/helpers',
  '@react-spring',
  '@use-gesture',
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  // Constants the build defines at compile time (Taro's own, and config/index.ts' app ids).
  globals: { DEPRECATED_ADAPTER_COMPONENT: false, PLATFORM_APP_ID: '', WECHAT_OA_APP_ID: '' },
  moduleNameMapper: {
    // Render the H5 build of Taro: its API on the DOM, its components as React elements.
    '^@tarojs/taro$': '<rootDir>/test/taro.ts',
    '^@tarojs/components$': '@tarojs/components/lib/react',
    '\\.(css|scss)$': '<rootDir>/test/empty-stylesheet.js',
  },
  transform: { '\\.m?[jt]sx?$': 'babel-jest' },
  transformIgnorePatterns: [`^(?!.*/node_modules/(${ESM_PACKAGES.join('|')})/).*/node_modules/`],
};
