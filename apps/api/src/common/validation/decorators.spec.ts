import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { OptionalDate, OptionalUuid } from './decorators';

class Filter {
  @OptionalUuid()
  routerId?: string;

  @OptionalDate('From (inclusive)')
  from?: string;
}

const errors = (plain: object) => Object.fromEntries(validateSync(plainToInstance(Filter, plain)).map((e) => [e.property, Object.values(e.constraints ?? {})]));

describe('OptionalUuid / OptionalDate', () => {
  it('let absent and null through', () => {
    expect(errors({})).toEqual({});
    expect(errors({ routerId: null, from: null })).toEqual({});
  });

  it('accept a UUID and a strict ISO 8601 instant', () => {
    expect(errors({ routerId: '3f0b6c1e-8a4d-4e21-9c55-0d6a1b2c3d4e', from: '2026-05-03T21:00:00Z' })).toEqual({});
  });

  it('name the field when the value is malformed', () => {
    expect(errors({ routerId: 'router-1', from: '2026-02-30' })).toEqual({
      routerId: ['routerId must be a UUID'],
      from: ['from must be a valid ISO 8601 date string'],
    });
    expect(errors({ from: `2026-05-03T21:00:00.${'0'.repeat(40)}Z` })).toEqual({ from: ['from must be shorter than or equal to 40 characters'] });
  });
});
