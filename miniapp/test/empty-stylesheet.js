// Stylesheets mean nothing to jsdom: every `import './x.scss'` resolves to this empty module.
module.exports = {};
