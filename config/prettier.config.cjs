/** One format for every package (read through "prettier" in the root package.json). */
module.exports = {
  singleQuote: true,
  trailingComma: 'all',
  printWidth: 110,
};
