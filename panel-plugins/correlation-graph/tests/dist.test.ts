/** The built panel (dist/, from `npm run build`) as Grafana loads and installs it. */
import { join } from 'node:path';
import { describeBuiltPanel } from '../../../plugin-testing/builtPlugin';

describeBuiltPanel(join(__dirname, '..'), 'llmhub-correlationgraph-panel');
