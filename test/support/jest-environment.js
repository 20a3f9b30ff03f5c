// Jest runs each test file in its own vm context, but some globals (structuredClone among them)
// come from the outer realm, so a clone of a plain object has the outer `Object` as constructor.
// oidc-provider clones client metadata and JWT payloads with structuredClone and then checks
// `value.constructor === Object`, which fails only under Jest. This environment re-creates the
// cloned plain objects and arrays inside the test realm. It changes nothing outside tests.
import { TestEnvironment } from 'jest-environment-node';

export default class RealmSafeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const outerClone = globalThis.structuredClone;
    const adopt = new this.global.Function(
      'value',
      `const seen = new Map();
       const walk = (v) => {
         if (v === null || typeof v !== 'object') return v;
         if (seen.has(v)) return seen.get(v);
         if (Array.isArray(v)) { const a = []; seen.set(v, a); for (const x of v) a.push(walk(x)); return a; }
         const proto = Object.getPrototypeOf(v);
         const plain = proto === null || Object.getPrototypeOf(proto) === null;
         if (!plain) return v;
         const o = proto === null ? Object.create(null) : {};
         seen.set(v, o);
         for (const k of Object.keys(v)) o[k] = walk(v[k]);
         return o;
       };
       return walk(value);`,
    );
    this.global.structuredClone = (value, options) => adopt(outerClone(value, options));
  }
}
