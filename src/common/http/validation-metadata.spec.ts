import 'reflect-metadata';
import { getMetadataStorage, IsInt, IsString, validate } from 'class-validator';
import { keepValidationRulesPerClass } from './validation-metadata.js';

class Contact {
  @IsString()
  name!: unknown;
}

class Inquiry extends Contact {
  @IsInt()
  count!: unknown;
}

const properties = async (value: object) => (await validate(value)).map((e) => e.property).sort();

describe('validation rules kept per class', () => {
  beforeAll(() => keepValidationRulesPerClass());

  it('looks a class up once and answers the same rules after', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Inquiry, '', false, false);
    expect(first.map((m) => m.propertyName).sort()).toEqual(['count', 'name']);
    expect(storage.getTargetValidationMetadatas(Inquiry, '', false, false)).toBe(first);
    // Other options are another lookup.
    expect(storage.getTargetValidationMetadatas(Inquiry, '', false, false, ['admin'])).not.toBe(first);
  });

  it('still checks inherited rules, and rules of classes defined later', async () => {
    expect(await properties(Object.assign(new Inquiry(), { name: 1, count: 'x' }))).toEqual(['count', 'name']);
    expect(await properties(Object.assign(new Inquiry(), { name: 'Anna', count: 2 }))).toEqual([]);
    class Later extends Contact {
      @IsString()
      note!: unknown;
    }
    expect(await properties(Object.assign(new Later(), { name: 2, note: 3 }))).toEqual(['name', 'note']);
  });
});
