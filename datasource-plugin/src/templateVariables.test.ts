/** Interpolation of template variables with known answers (Grafana's templateSrv stood in for). */
import { setTemplateSrv } from '@grafana/runtime';
import { createTemplateSrv } from '../../plugin-testing/grafanaServices';
import { windowFor } from './queryRequests';
import { interpolateFilter, interpolateKeys, interpolateValues } from './templateVariables';

beforeEach(() =>
  setTemplateSrv(
    createTemplateSrv([
      { name: 'ver', current: ['4o', '4o-mini'], options: ['4o', '4o-mini', 'o1'] },
      { name: 'env', current: ['prod', 'dev'], options: ['prod', 'dev'] },
      { name: 'one', current: 'acme', options: ['acme'] },
      { name: 'dims', current: ['model', 'route'], options: ['model', 'route', 'tenant'] },
      { name: 'any', current: '$__all', options: ['a.b', 'c'] },
      { name: 'tenant', current: '$__all', options: ['acme', 'globex'], allValue: '*' },
    ]),
  ),
);

test('a text stands for every combination of its variables’ values', () => {
  expect(interpolateValues('plain')).toEqual(['plain']);
  expect(interpolateValues('$one')).toEqual(['acme']);
  expect(interpolateValues('gpt-$ver')).toEqual(['gpt-4o', 'gpt-4o-mini']);
  expect(interpolateValues('${env}/gpt-${ver}')).toEqual([
    'prod/gpt-4o',
    'prod/gpt-4o-mini',
    'dev/gpt-4o',
    'dev/gpt-4o-mini',
  ]);
  expect(interpolateValues('$missing')).toEqual(['$missing']);
});

test('scoped variables (a repeated panel) win over the dashboard’s', () => {
  expect(interpolateValues('gpt-$ver', { ver: { text: 'o1', value: 'o1' } })).toEqual(['gpt-o1']);
});

test('filters: = several → in, != several → one per value, =~ → an escaped alternation', () => {
  expect(interpolateFilter({ key: 'model', op: 'eq', value: 'gpt-$ver' })).toEqual([
    { key: 'model', op: 'in', values: ['gpt-4o', 'gpt-4o-mini'] },
  ]);
  expect(interpolateFilter({ key: 'tenant', op: 'eq', value: '$one' })).toEqual([
    { key: 'tenant', op: 'eq', value: 'acme' },
  ]);
  expect(interpolateFilter({ key: 'environment', op: 'neq', value: '$env' })).toEqual([
    { key: 'environment', op: 'neq', value: 'prod' },
    { key: 'environment', op: 'neq', value: 'dev' },
  ]);
  expect(interpolateFilter({ key: 'route', op: 'regex', value: '^$any$' })).toEqual([
    { key: 'route', op: 'regex', value: '^(a\\.b|c)$' },
  ]);
});

test('a variable on All with the custom all value * is no filter (events without the dimension stay)', () => {
  expect(interpolateFilter({ key: 'tenant', op: 'eq', value: '$tenant' })).toEqual([]);
  expect(interpolateFilter({ key: 'tenant', op: 'eq', value: '$any' })).toEqual([
    { key: 'tenant', op: 'in', values: ['a.b', 'c'] },
  ]);
});

test('group-by keys from a multi-value variable of dimensions', () => {
  expect(interpolateKeys(['$dims', 'model', 'tenant'])).toEqual(['model', 'route', 'tenant']);
});

test('the window for a panel interval: the smallest at least as wide', () => {
  expect(windowFor(1)).toBe('1m');
  expect(windowFor(60_000)).toBe('1m');
  expect(windowFor(60_001)).toBe('5m');
  expect(windowFor(20 * 60_000)).toBe('1h');
  expect(windowFor(2 * 86_400_000)).toBe('1w');
  expect(windowFor(400 * 86_400_000)).toBe('1M');
});
