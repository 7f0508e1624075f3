import { IngestAdmission } from '../../src/http/admission';

test('admits up to the budget, then refuses until bytes are released', () => {
  const admission = new IngestAdmission(1000, 5000);
  expect(admission.admit(400)).toBe(400);
  expect(admission.admit(500)).toBe(500);
  expect(admission.admit(200)).toBeNull();
  admission.release(400);
  expect(admission.admit(200)).toBe(200);
  expect(admission.bytesInFlight).toBe(700);
});

test('one request is always admitted, however large; a body without a length counts as the body limit', () => {
  const admission = new IngestAdmission(1000, 5000);
  expect(admission.admit(4000)).toBe(4000);
  expect(admission.admit(1)).toBeNull();
  admission.release(4000);
  expect(admission.admit(undefined)).toBe(5000);
  admission.release(5000);
  expect(admission.admit(9999)).toBe(5000);
});
