/* global window, HTMLCanvasElement */
// What jsdom lacks and Grafana's components use (create-plugin's setup).
require('@testing-library/jest-dom');
const { TextDecoder, TextEncoder } = require('node:util');

process.env.TZ = 'UTC';
if (typeof window !== 'undefined') {
  Object.assign(globalThis, { TextDecoder, TextEncoder });
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener() {},
      removeListener() {},
      addEventListener() {},
      removeEventListener() {},
      dispatchEvent: () => false,
    }),
  });
  HTMLCanvasElement.prototype.getContext = () => null;
}
