// Prepares one contract-suite run (called by the Rust suite; never writes into the repository).
//
//   node prepare.mjs <management|authentication|myaccount|myorganization> <pinned-spec.json> <out-dir>
//
// Writes into <out-dir>:
//   spec.json    the TEST COPY of the pinned spec that Prism mocks (see `testCopy`);
//   samples.json per operationId: minimal valid arguments drawn from the pinned spec
//                { method, path, bearer, path_params, query, body?, raw_body? }.
//
// Samples come from openapi-sampler with `skipNonRequired` (required properties only), enums'
// first value, formats respected (email, uri, date-time, ...) and `enablePatterns` (strings that
// match their `pattern`), then `fixup` repairs what the sampler gets wrong for Prism's validator
// (minLength/minItems, bounds, exclusive ranges).

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const sampler = require('openapi-sampler');

const [kind, specPath, outDir] = process.argv.slice(2);
if (!['management', 'authentication', 'myaccount', 'myorganization'].includes(kind) || !specPath || !outDir) {
  console.error('usage: node prepare.mjs <management|authentication|myaccount|myorganization> <spec.json> <out-dir>');
  process.exit(2);
}

const pinned = JSON.parse(readFileSync(specPath, 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

// ---------------------------------------------------------------------------------------------
// The test copy of the spec.

/**
 * Returns the copy of `spec` that Prism mocks:
 * - management: in every `oneOf` that offers a bare array next to an object (the
 *   `include_totals` list responses), the object branches come first, so Prism renders the
 *   paginated object (the SDK decodes either shape);
 * - authentication: operations without their own `security` inherit the global OAuth2
 *   requirement, which the public endpoints (`/oauth/token`, `/dbconnections/signup`, ...) do
 *   not have in reality; they get `security: []`. Bearer-protected operations keep theirs;
 * - myaccount, myorganization: every operation states its own security, kept. Their response
 *   headers (`x-ratelimit-*`) are `$ref`s to `required` header components, which Prism's mock
 *   does not render, so its own responses would fail its validator; they are made optional
 *   (the SDK reads rate-limit headers when present and never requires them).
 */
function testCopy(spec) {
  const copy = structuredClone(spec);
  if (kind === 'management') {
    const visit = (node) => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node.oneOf) && node.oneOf.some(isArrayBranch) && node.oneOf.some((b) => !isArrayBranch(b))) {
        node.oneOf = [...node.oneOf.filter((b) => !isArrayBranch(b)), ...node.oneOf.filter(isArrayBranch)];
      }
      Object.values(node).forEach(visit);
    };
    const isArrayBranch = (b) => b && (b.type === 'array' || (Array.isArray(b.type) && b.type.includes('array')));
    visit(copy.components?.schemas);
    visit(copy.paths);
  } else if (kind === 'authentication') {
    for (const item of Object.values(copy.paths)) {
      for (const m of METHODS) {
        if (item[m] && item[m].security === undefined) item[m].security = [];
      }
    }
  } else {
    for (const header of Object.values(copy.components?.headers || {})) header.required = false;
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Samples.

function deref(node) {
  let seen = 0;
  while (node && node.$ref && seen++ < 32) {
    const parts = node.$ref.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    node = parts.reduce((acc, key) => (acc ? acc[key] : undefined), pinned);
  }
  return node;
}

function sample(schema) {
  const value = sampler.sample(schema, { skipNonRequired: true, skipReadOnly: true, enablePatterns: true, quiet: true }, pinned);
  return fixup(schema, value, 0);
}

/** Repairs a sampled value so that it satisfies the constraints openapi-sampler ignores. */
function fixup(schema, value, depth) {
  schema = deref(schema);
  if (!schema || depth > 20) return value;
  if (schema.allOf) {
    for (const part of schema.allOf) value = fixup(part, value, depth + 1);
  }
  const branches = schema.oneOf || schema.anyOf;
  if (branches && !schema.properties) {
    // openapi-sampler takes the first branch that is not `{type: null}`.
    const branch = branches.map(deref).find((b) => b && b.type !== 'null');
    if (branch) value = fixup(branch, value, depth + 1);
    return value;
  }
  if (Array.isArray(value)) {
    const items = schema.items;
    const min = schema.minItems || 0;
    if (value.length < min && items) {
      while (value.length < min) value.push(sample(items));
    }
    if (schema.uniqueItems && value.length > 1) {
      const distinct = [...new Set(value.map((v) => JSON.stringify(v)))];
      if (distinct.length < value.length) value = value.slice(0, Math.max(1, min));
    }
    return items ? value.map((v) => fixup(items, v, depth + 1)) : value;
  }
  if (value && typeof value === 'object') {
    for (const [key, sub] of Object.entries(schema.properties || {})) {
      if (key in value) value[key] = fixup(sub, value[key], depth + 1);
    }
    // `minProperties`: add optional properties (writable ones first), then a free-form key.
    const wanted = schema.minProperties || 0;
    const candidates = Object.entries(schema.properties || {}).filter(([k, sub]) => !(k in value) && !deref(sub)?.readOnly);
    while (Object.keys(value).length < wanted && candidates.length) {
      const [key, sub] = candidates.shift();
      value[key] = sample(sub);
    }
    if (Object.keys(value).length < wanted && schema.additionalProperties) {
      const extra = schema.additionalProperties === true ? { type: 'string' } : schema.additionalProperties;
      for (let i = 0; Object.keys(value).length < wanted; i++) value[`key${i}`] = sample(extra);
    }
    return value;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) value = schema.minimum;
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) value = schema.exclusiveMinimum + 1;
    if (schema.maximum !== undefined && value > schema.maximum) value = schema.maximum;
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) value = schema.exclusiveMaximum - 1;
    return value;
  }
  if (typeof value === 'string' && !schema.enum) {
    if (FORMATS[schema.format] && !schema.pattern) return FORMATS[schema.format];
    if (schema.pattern && !matches(schema, value)) {
      // openapi-sampler's pattern generator is approximate; fall back to the spec's own
      // examples, then to common shapes, keeping the first that really matches.
      const found = [schema.example, ...(schema.examples || []), schema.default, ...PATTERN_CANDIDATES]
        .find((c) => typeof c === 'string' && matches(schema, c));
      if (found !== undefined) return found;
    }
    if (!schema.pattern && !schema.format) {
      if (schema.minLength && value.length < schema.minLength) value = value.padEnd(schema.minLength, 'x');
      if (schema.maxLength !== undefined && value.length > schema.maxLength) value = value.slice(0, schema.maxLength);
    }
  }
  return value;
}

/** Samples for formats openapi-sampler does not know but Prism's validator checks. */
const FORMATS = { url: 'https://example.com' };

/** Strings tried, in order, for a `pattern` the sampler's generator did not satisfy. */
const PATTERN_CANDIDATES = [
  'example.com', 'login.example.com', 'abc', 'a', 'abc123', 'ABC', 'AB', 'x1', '1', '12', 'a-b',
  'https://example.com', 'urn:example', '#ffffff', 'en', 'US', 'con_0000000000000001',
];

function matches(schema, value) {
  try {
    const ok = new RegExp(schema.pattern, 'u').test(value);
    return ok && (!schema.minLength || value.length >= schema.minLength) && (schema.maxLength === undefined || value.length <= schema.maxLength);
  } catch {
    return false;
  }
}

/**
 * A body sample. When the sampler picks a scalar branch of a top-level `oneOf`/`anyOf` (the
 * universal-login template is "a string or {template}"), the object branch is used instead:
 * Prism's body parser rejects a bare JSON string as invalid JSON.
 */
function sampleBody(schema) {
  const value = sample(schema);
  const resolved = deref(schema);
  if (value === null || typeof value !== 'object') {
    const branch = (resolved?.oneOf || resolved?.anyOf || []).map(deref).find((b) => b && b.type === 'object');
    if (branch) return sample(branch);
  }
  return value;
}

function parameters(item, op) {
  const all = [...(item.parameters || []), ...(op.parameters || [])].map(deref);
  const byKey = new Map(all.map((p) => [`${p.in}:${p.name}`, p]));
  return [...byKey.values()];
}

/** The request body media type the generator sends: JSON first, then form, multipart, others. */
function bodyMedia(content) {
  const types = Object.keys(content || {});
  const order = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];
  return order.find((t) => types.includes(t)) || types[0];
}

function isRedirectOnly(op) {
  const codes = Object.keys(op.responses || {}).filter((c) => /^[23]/.test(c));
  return codes.length > 0 && codes.every((c) => c.startsWith('3'));
}

const samples = {};
for (const [path, item] of Object.entries(pinned.paths)) {
  for (const method of METHODS) {
    const op = item[method];
    if (!op || !op.operationId) continue;
    const security = op.security ?? pinned.security ?? [];
    const entry = {
      method: method.toUpperCase(),
      path,
      bearer: security.some((req) => Object.keys(req).includes('bearerAuth')),
      // Redirect-only operations are sent straight to the mock: Prism's proxy would follow
      // the redirect to the example Location instead of returning it.
      direct: isRedirectOnly(op),
      path_params: {},
      query: {},
    };
    for (const p of parameters(item, op)) {
      if (p.in === 'path') entry.path_params[p.name] = sample(p.schema || { type: 'string' });
      else if (p.in === 'query' && p.required) entry.query[p.name] = sample(p.schema || { type: 'string' });
    }
    const rb = deref(op.requestBody);
    if (rb && rb.content) {
      const media = bodyMedia(rb.content);
      const schema = rb.content[media]?.schema;
      if (media.includes('json') || media === 'application/x-www-form-urlencoded' || media === 'multipart/form-data') {
        entry.body = schema ? sampleBody(schema) : {};
      } else if (media.includes('xml')) {
        entry.raw_body = '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1" Version="2.0"/>';
      } else {
        entry.raw_body = schema ? String(sample(schema)) : '';
      }
    }
    samples[op.operationId] = entry;
  }
}

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'spec.json'), JSON.stringify(testCopy(pinned)));
writeFileSync(join(outDir, 'samples.json'), JSON.stringify(samples, null, 1));
console.log(`prepared ${Object.keys(samples).length} ${kind} samples in ${outDir}`);
