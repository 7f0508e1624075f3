import { Type } from '@sinclair/typebox';
import { Id, Strict } from './primitives';

/** Custom payloads: a type label and any JSON. The only kind whose content is not checked. */
export const CustomPayloads = {
  custom: Strict({
    custom_type: Id,
    data: Type.Unknown({ description: 'any JSON value' }),
  }),
};
