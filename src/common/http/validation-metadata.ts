import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];

/** Every app built in one process (the tests build many) shares class-validator's one storage: it is wrapped once. */
const wrapped = new WeakSet<Storage>();

/**
 * class-validator finds the rules of a class on every validation by testing it against every decorated class of the
 * app (to collect inherited rules); with a few hundred input classes that scan costs more than checking a small form
 * itself. The rules of a class are complete once its module has loaded (decorators run as the class is defined, a
 * parent before its children), so the answer is kept per class and lookup options. Call once, at start.
 */
export function keepValidationRulesPerClass(storage: Storage = getMetadataStorage()): void {
  if (wrapped.has(storage)) return;
  wrapped.add(storage);
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const kept = new WeakMap<object, Map<string, ReturnType<Lookup>>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    let perOptions = kept.get(target);
    if (!perOptions) kept.set(target, (perOptions = new Map()));
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let rules = perOptions.get(key);
    if (!rules) perOptions.set(key, (rules = lookup(target, schema, always, strictGroups, groups)));
    return rules;
  };
}
