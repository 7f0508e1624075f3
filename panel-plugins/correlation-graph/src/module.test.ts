import { standardEditorsRegistry } from '@grafana/data';
import { plugin } from './module';
import { DEFAULT_OPTIONS } from './types';

// Grafana registers its option editors at start-up; here only their ids are needed.
const EDITORS = ['slider', 'multi-select', 'radio', 'text', 'boolean'];
standardEditorsRegistry.setInit(() => EDITORS.map((id) => ({ id, name: id, editor: () => null })));

test('the options editor starts from the defaults the panel is written for', () => {
  expect(plugin.defaults).toEqual(DEFAULT_OPTIONS);
});
