// Used by Taro's webpack build and by Jest (babel-preset-taro switches to CommonJS for Node when
// NODE_ENV is test).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
