import { IsInt, IsString, validateSync } from 'class-validator';
import { cacheValidationMetadata } from './metadata-cache';

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());

  const failures = (value: object) =>
    validateSync(value, { whitelist: true, forbidNonWhitelisted: true })
      .map((e) => e.property)
      .sort();

  it('validates as class-validator does, every time', () => {
    class Callback {
      @IsString() id!: string;
    }
    const ok = Object.assign(new Callback(), { id: 'ws_CO_1' });
    const bad = Object.assign(new Callback(), { id: 7, extra: true });
    for (let i = 0; i < 3; i++) {
      expect(failures(ok)).toEqual([]);
      expect(failures(bad)).toEqual(['extra', 'id']);
    }
  });

  it('rules declared after a class was validated, inherited ones included, apply at once', () => {
    class Base {
      @IsString() name!: string;
    }
    expect(failures(Object.assign(new Base(), { name: 'a', size: 1 }))).toEqual(['size']);
    class Sized extends Base {
      @IsInt() size!: number;
    }
    expect(failures(Object.assign(new Sized(), { name: 'a', size: 1 }))).toEqual([]);
    expect(failures(Object.assign(new Sized(), { name: 3, size: 'x' }))).toEqual(['name', 'size']);
    // the base class keeps its own rules only
    expect(failures(Object.assign(new Base(), { name: 'a', size: 1 }))).toEqual(['size']);
  });
});
