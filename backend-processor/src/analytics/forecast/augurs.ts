/**
 * The augurs time series library (Grafana Labs; Rust compiled to WebAssembly), loaded once and
 * synchronously: its modules are ES modules whose default initializer fetches the .wasm by URL,
 * which Node cannot do, so the bytes are read from the package and handed to `initSync`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as MstlModule from '@bsull/augurs/mstl' with { 'resolution-mode': 'import' };

type Mstl = typeof MstlModule;

let mstl: Mstl | null = null;

/** The package folder (its exports map hides package.json, so resolve a module and take its folder). */
function packageDir(): string {
  return dirname(require.resolve('@bsull/augurs/mstl'));
}

export function augursMstl(): Mstl {
  if (!mstl) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load of an ES module (Node ≥ 20.19)
    const loaded = require('@bsull/augurs/mstl') as Mstl;
    loaded.initSync({ module: readFileSync(join(packageDir(), 'mstl_bg.wasm')) });
    mstl = loaded;
  }
  return mstl;
}
