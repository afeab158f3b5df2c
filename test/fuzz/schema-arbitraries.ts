// fast-check arbitraries from the JSON Schemas of the served OpenAPI document: values shaped like a
// valid body or query (which the server may still refuse: emails, time zones, ids that name nothing),
// and mutations of them that no schema allows (a missing required field, a wrong type, an unknown
// field, a string past its limit, JSON that does not parse, a wrong content type). The fuzzer
// (api.int.spec.ts) sends both; only the second kind must always be refused.
import fc from 'fast-check';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

/** Ids that name real things in the fuzzed server, so valid-shaped requests reach past "not found". */
export interface Hints {
  ids: string[];
}

/** Strings a careless server breaks on: unicode of every plane, lone surrogates, NUL, markup, SQL. */
export const nastyString = (maxLength = 64) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.constantFrom(
      '\u0000',
      '\ud800',
      '\udfff x',
      '💥'.repeat(10),
      "' OR 1=1 --",
      '<script>alert(1)</script>',
      '../../etc/passwd',
      '%00',
      '\u202e',
      '  ',
      '',
      '{"$gt":""}',
    ),
  );

const hinted = (name: string, hints: Hints): fc.Arbitrary<unknown> | undefined => {
  if (/email/i.test(name)) return fc.oneof(fc.emailAddress(), nastyString());
  // a token of a position not reached yet makes the read wait its bound (seconds): the fuzzer sends
  // tokens already reached (position 0 of any stream) and malformed ones
  if (name === 'waitFor')
    return fc.oneof(fc.stringMatching(/^[A-Za-z0-9:_-]{1,40}@0$/), fc.constant('x@'), nastyString());
  if (/timeZone/.test(name)) return fc.constantFrom('Europe/London', 'UTC', 'America/New_York', 'Mars/Olympus', '');
  if (/Id$/.test(name) && hints.ids.length > 0) return fc.oneof(fc.constantFrom(...hints.ids), fc.uuid());
  return undefined;
};

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  return [];
}

/** Values shaped by `schema` (types, lengths, enums, required fields), not promised to be accepted. */
export function shapedBy(schema: JsonSchema, hints: Hints, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((s) => shapedBy(s, hints, name, depth + 1)));
  if (schema.allOf?.[0]) return shapedBy(schema.allOf[0], hints, name, depth + 1);
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => shapedBy({ ...schema, type }, hints, name, depth + 1)));
  switch (types[0]) {
    case 'string': {
      const hint = hinted(name, hints);
      if (hint) return hint;
      if (schema.format === 'uuid')
        return hints.ids.length ? fc.oneof(fc.constantFrom(...hints.ids), fc.uuid()) : fc.uuid();
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.pattern && schema.pattern.length < 200) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern));
        } catch {
          // a pattern fast-check cannot invert: fall through to plain strings
        }
      }
      const maxLength = Math.min(schema.maxLength ?? 40, 300);
      return fc.oneof(
        fc.string({ minLength: schema.minLength ?? 0, maxLength }),
        fc.string({ unit: 'grapheme', minLength: schema.minLength ?? 0, maxLength }),
        nastyString(maxLength),
      );
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6);
      const lo = Math.ceil(Math.max(min, -Number.MAX_SAFE_INTEGER));
      const hi = Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER));
      const ints = fc.integer({ min: Math.min(lo, hi), max: Math.max(lo, hi) });
      return types[0] === 'integer' ? ints : fc.oneof(ints, fc.double({ min: lo, max: hi, noNaN: true }));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = depth > 6 ? fc.constant(null) : shapedBy(schema.items ?? {}, hints, name, depth + 1);
      const minLength = schema.minItems ?? 0;
      return fc.array(item, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([key, s]) => [
          key,
          depth > 6 ? fc.constant(null) : shapedBy(s, hints, key, depth + 1),
        ]),
      );
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value of a JSON type the schema's `type` never allows (an object for a scalar, text for an object). */
function wrongTypeFor(schema: JsonSchema): unknown | undefined {
  const types = typesOf(schema);
  if (types.length === 0 || schema.anyOf || schema.oneOf) return undefined;
  if (types.includes('object')) return types.includes('string') ? undefined : 'not an object';
  return { unexpected: ['object'] };
}

export interface RawBody {
  /** what is sent as the body, as is */
  raw: string;
  contentType: string;
  /** what the mutation did, for the failure message */
  mutation: string;
}

/**
 * Bodies that the schema of an object body (`additionalProperties: false`, as every contract's
 * `z.strictObject` renders) can never accept; each says what it changed.
 */
export function malformedBody(schema: JsonSchema, hints: Hints): fc.Arbitrary<RawBody> {
  const valid = shapedBy(schema, hints) as fc.Arbitrary<Record<string, unknown>>;
  const json = (mutation: string) => (value: unknown) => ({
    raw: JSON.stringify(value),
    contentType: 'application/json',
    mutation,
  });
  const properties = Object.entries(schema.properties ?? {});
  const required = (schema.required ?? []).filter((key) => schema.properties?.[key]);
  const withWrongType = properties.filter(([, s]) => wrongTypeFor(s) !== undefined);
  const limited = properties.filter(([, s]) => typesOf(s).includes('string') && s.maxLength !== undefined && !s.anyOf);

  const mutations: fc.Arbitrary<RawBody>[] = [
    // not JSON at all, or cut short
    fc
      .oneof(
        fc.constantFrom('{', '{"a":', '[1,', 'nul', "{'single':'quotes'}", '{"a":1}}', '\u0000', '{"a":"\\u12"}'),
        valid.map((value) => JSON.stringify(value).slice(0, -1)),
      )
      .map((raw) => ({ raw, contentType: 'application/json', mutation: 'JSON that does not parse' })),
    // a valid-shaped body under a content type the API does not read
    fc
      .tuple(
        valid,
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
        ),
      )
      .map(([value, contentType]) => ({
        raw: JSON.stringify(value),
        contentType,
        mutation: `content type ${contentType}`,
      })),
    // the wrong top-level type
    fc.constantFrom<unknown>([], [{}], 0, 'text', true, null).map(json('a top-level value that is not an object')),
  ];
  if (schema.additionalProperties === false)
    mutations.push(
      fc
        .tuple(
          valid,
          fc
            .string({ minLength: 1, maxLength: 20 })
            .filter((key) => !(key in (schema.properties ?? {})) && key !== '__proto__'),
          fc.jsonValue({ maxDepth: 1 }),
        )
        .map(([value, key, extra]) => ({ ...value, [key]: extra }))
        .map(json('an unknown field')),
    );
  if (required.length > 0)
    mutations.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([value, key]) => {
        const copy = { ...value };
        delete copy[key];
        return { raw: JSON.stringify(copy), contentType: 'application/json', mutation: `without required ${key}` };
      }),
    );
  if (withWrongType.length > 0)
    mutations.push(
      fc.tuple(valid, fc.constantFrom(...withWrongType)).map(([value, [key, s]]) => ({
        raw: JSON.stringify({ ...value, [key]: wrongTypeFor(s) }),
        contentType: 'application/json',
        mutation: `${key} of the wrong type`,
      })),
    );
  if (limited.length > 0)
    mutations.push(
      fc
        .tuple(valid, fc.constantFrom(...limited), fc.constantFrom('x', 'é', '💥', '\u0000'))
        .map(([value, [key, s], unit]) => ({
          raw: JSON.stringify({
            ...value,
            [key]: unit.repeat((s.maxLength ?? 0) + 1 + Math.min(s.maxLength ?? 0, 30_000)),
          }),
          contentType: 'application/json',
          mutation: `${key} past its limit of ${s.maxLength}`,
        })),
    );
  return fc.oneof(...mutations);
}
