import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

let installed = false;

/**
 * Remembers class-validator's answer to "which rules apply to this class" (docs/benchmarks.md "STK
 * callbacks"). class-validator 0.14 works it out again for every object it validates, and to find
 * inherited rules it tests the class against every DTO class of the app: that was the largest single
 * cost of a Daraja callback (≈ 15 % of the API's CPU, a body of five nested objects). The rules of
 * a class never change once its module is loaded; the memory is cleared whenever one is added
 * anyway. Installed once per process, by createValidationPipe.
 */
export function cacheValidationMetadata(): void {
  if (installed) return;
  installed = true;
  const storage = getMetadataStorage();
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  // keyed by the class (class-validator's own type for it)
  type Target = Parameters<typeof lookUp>[0];
  let rules = new Map<Target, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], ReturnType<typeof group>>();

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // a plain string key (JSON.stringify here cost more than the look-up it saves on a small body)
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups === undefined ? '' : `[${groups.join('\u0001')}`}`;
    let ofTarget = rules.get(target);
    if (!ofTarget) rules.set(target, (ofTarget = new Map<string, ValidationMetadata[]>()));
    let found = ofTarget.get(key);
    if (!found) ofTarget.set(key, (found = lookUp(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let found = grouped.get(metadata);
    if (!found) grouped.set(metadata, (found = group(metadata)));
    return found;
  };
  const forget = () => {
    rules = new Map();
    grouped = new WeakMap();
  };
  const addValidation = storage.addValidationMetadata.bind(storage);
  const addConstraint = storage.addConstraintMetadata.bind(storage);
  const addSchema = storage.addValidationSchema.bind(storage);
  storage.addValidationMetadata = (metadata) => (forget(), addValidation(metadata));
  storage.addConstraintMetadata = (metadata) => (forget(), addConstraint(metadata));
  storage.addValidationSchema = (schema) => (forget(), addSchema(schema));
}
