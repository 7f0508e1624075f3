import { LabelLimiter, OTHER_LABEL_VALUE } from '../../src/observability/metrics';

test('a label keeps its first N distinct values and reports later ones as "other"', () => {
  const limiter = new LabelLimiter(2);
  expect(['gpt-4o', 'claude', 'gpt-4o', 'llama', 'claude'].map((v) => limiter.value(v))).toEqual([
    'gpt-4o',
    'claude',
    'gpt-4o',
    OTHER_LABEL_VALUE,
    'claude',
  ]);
});
