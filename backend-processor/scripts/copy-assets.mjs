// tsc compiles only TypeScript; the SQL migrations and .proto files ship beside the compiled code.
// Each folder is replaced, not merged: a renamed or removed migration must not linger in dist/.
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const dir of ['storage/migrations', 'events/otlp/proto']) {
  rmSync(join(root, 'dist', dir), { recursive: true, force: true });
  cpSync(join(root, 'src', dir), join(root, 'dist', dir), { recursive: true });
}
