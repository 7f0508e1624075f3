// tsc compiles only TypeScript; the SQL migrations and .proto files ship beside the compiled code.
import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const dir of ['storage/migrations', 'events/otlp/proto']) {
  cpSync(join(root, 'src', dir), join(root, 'dist', dir), { recursive: true });
}
