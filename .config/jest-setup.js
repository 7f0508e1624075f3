/* global window, Element, HTMLElement, HTMLCanvasElement */
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
  // jsdom lays nothing out, so nothing is ever visible or resized: observers that never fire.
  class InertObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  }
  window.IntersectionObserver ??= InertObserver;
  window.ResizeObserver ??= InertObserver;
  // Nor does it give elements a size: virtualised lists (Grafana's Combobox options) would render
  // no rows. Every element is a 120 px square here, as in Grafana's own component tests.
  Element.prototype.getBoundingClientRect = () => ({
    x: 0,
    y: 0,
    width: 120,
    height: 120,
    top: 0,
    left: 0,
    bottom: 120,
    right: 120,
    toJSON() {},
  });
  for (const size of ['clientWidth', 'clientHeight', 'offsetWidth', 'offsetHeight']) {
    Object.defineProperty(HTMLElement.prototype, size, { configurable: true, get: () => 120 });
  }
  // jsdom has no canvas: a 2D context that draws nothing, so charts (uPlot, the correlation graph)
  // run their code here; text is roughly 7 px a character. The browser harness renders for real.
  const drawsNothing = () => undefined;
  HTMLCanvasElement.prototype.getContext = function getContext() {
    const state = { canvas: this, font: '', measureText: (text) => ({ width: text.length * 7 }) };
    return new Proxy(state, {
      get: (target, key) => (key in target ? target[key] : drawsNothing),
      set: (target, key, value) => {
        target[key] = value;
        return true;
      },
    });
  };
  // Nor pointer events: as mouse events (with their coordinates) that carry a pointer id.
  window.PointerEvent ??= class PointerEvent extends window.MouseEvent {
    constructor(type, init = {}) {
      super(type, init);
      this.pointerId = init.pointerId ?? 1;
      this.pointerType = init.pointerType ?? 'mouse';
    }
  };
  window.Path2D ??= class Path2D {
    constructor() {
      return new Proxy(this, { get: (target, key) => (key in target ? target[key] : drawsNothing) });
    }
  };
}
