#!/usr/bin/env node
// Derives `spec/legacy.toml` (node-auth0 v4 manager + method ↔ operationId) from the published
// `auth0@4` package and a Management API document. Run once by hand when the table is first
// made or v4 changes; the committed table, not this script, is the source of truth:
//
//   node xtask/legacy/derive-table.mjs /tmp/v4/node_modules/auth0 ../shared/specs/management-api.json > spec/legacy.toml
//
// It reads the compiled managers (`dist/cjs/management/__generated/managers/*.js`): each
// `async name(args…)` method's HTTP method, path template, query keys, required request
// parameters and whether it takes `bodyParameters`; then finds the spec operation with the same
// method and path (parameter names ignored).
import fs from "node:fs";
import path from "node:path";

const [pkg, specFile] = process.argv.slice(2);
if (!pkg || !specFile) {
  console.error("usage: derive-table.mjs <auth0 package dir> <management-api.json>");
  process.exit(2);
}
const managersDir = path.join(pkg, "dist/cjs/management/__generated/managers");
const spec = JSON.parse(fs.readFileSync(specFile, "utf8"));
const version = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")).version;

const shape = (p) => p.replace(/\{[^}]+\}/g, "{}");
const ops = new Map();
for (const [p, item] of Object.entries(spec.paths)) {
  for (const [m, op] of Object.entries(item)) {
    if (op && op.operationId) ops.set(`${m.toUpperCase()} ${shape(p)}`, op.operationId);
  }
}

// The managers' property names on ManagementClient, in declaration order.
const index = fs.readFileSync(path.join(pkg, "dist/cjs/management/__generated/index.d.ts"), "utf8");
const managers = [...index.matchAll(/readonly (\w+): (\w+)Manager;/g)].map((m) => ({ prop: m[1], class: m[2] }));

const toml = (s) => JSON.stringify(s);
const list = (xs) => `[${xs.map(toml).join(", ")}]`;
let out = `# node-auth0 v4's Management API interface (\`auth0@${version}\`, the \`auth0/legacy\` export):
# each manager's methods and the operation of spec/pins.toml's Management document each one calls.
# The generator (codegen/src/emit/legacy.rs) emits \`auth0_sdk::legacy\` from this table. Derived once by
# \`xtask/legacy/derive-table.mjs\`; edit it by hand when the spec renames an operation.
#
# Per method: \`op\` the operationId (absent with \`removed\` when the endpoint is gone upstream);
# \`http\` v4's method and path; \`path\` and \`query\` v4's request parameters; \`body\` whether v4 takes
# \`bodyParameters\`; \`optional\` whether v4's request parameters default to \`{}\`.

# The document the operations belong to, and where the generated module goes.
document = "management"
output = "sdk/src/legacy/management"
`;
let count = 0;
let matched = 0;
for (const { prop, class: cls } of managers) {
  const file = path.join(managersDir, `${cls.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase()}-manager.js`);
  const src = fs.readFileSync(file, "utf8");
  const dts = fs.readFileSync(file.replace(/\.js$/, ".d.ts"), "utf8");
  const starts = [...src.matchAll(/^    async (\w+)\(([^)]*)\) \{$/gm)];
  out += `\n[managers.${prop}]\n`;
  starts.forEach((m, i) => {
    const body = src.slice(m.index, i + 1 < starts.length ? starts[i + 1].index : src.length);
    const name = m[1];
    const args = m[2];
    const method = /method: '(\w+)'/.exec(body)[1];
    const template = /path: `([^`]+)`/.exec(body)[1];
    const pathParams = [...template.matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
    const queryBlock = /applyQueryParams\(requestParameters, \[([\s\S]*?)\]\);/.exec(body);
    const query = queryBlock ? [...queryBlock[1].matchAll(/key: '(\w+)'/g)].map((x) => x[1]) : [];
    const takesBody = args.includes("bodyParameters");
    const optional = args.includes("requestParameters = {}");
    const requestType = new RegExp(`^    ${name}\\(requestParameters\\??: (\\w+)`, "m").exec(dts)?.[1];
    const op = ops.get(`${method} ${shape(template)}`);
    count++;
    let line = `${name} = { `;
    if (op) {
      matched++;
      line += `op = ${toml(op)}, `;
    } else {
      line += `removed = "no operation ${method} ${template} in the pinned spec", `;
    }
    line += `http = ${toml(`${method} ${template}`)}, `;
    if (requestType) line += `request = ${toml(requestType)}, `;
    line += `path = ${list(pathParams)}, query = ${list(query)}`;
    line += `, body = ${takesBody}, optional = ${optional} }\n`;
    out += line;
  });
}
process.stdout.write(out);
console.error(`${managers.length} managers, ${count} methods, ${matched} matched an operation`);
