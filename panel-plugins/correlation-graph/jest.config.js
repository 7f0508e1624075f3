module.exports = require('../../.config/jest.config.js')(__dirname, { demoProcessor: true });
