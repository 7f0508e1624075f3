// The dashboards' queries run through the hub datasource against the demo processor (plugin-testing).
module.exports = require('../.config/jest.config.js')(__dirname, { demoProcessor: true });
