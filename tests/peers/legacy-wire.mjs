// Runs node-auth0's own legacy (v4) clients through the steps of sdk/tests/legacy_wire.rs against
// the recording server that test started, so the test can compare what v4 sends with what
// `auth0_sdk::legacy` sends.
//
//   node peers/legacy-wire.mjs http://127.0.0.1:PORT
//
// Before each step it posts `/__step/{name}` so the recorder files the step's requests under its
// name. The clients believe the tenant is https://tenant.test; `fetch` sends to the recorder.
// Prints one JSON line: {"errors": {step: message}}.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { ManagementClient, AuthenticationClient, UserInfoClient } = require("auth0/legacy");

const base = process.argv[2];
if (!base) {
  console.error("usage: legacy-wire.mjs <recorder base url>");
  process.exit(2);
}
const DOMAIN = "tenant.test";
const fetchToRecorder = (url, init) => fetch(String(url).replace(`https://${DOMAIN}`, base), init);
const common = { domain: DOMAIN, fetch: fetchToRecorder, retry: { enabled: false } };

const management = new ManagementClient({
  ...common,
  clientId: "CLIENT_ID",
  clientSecret: "CLIENT_SECRET",
  scope: "read:users update:users",
});
const auth = new AuthenticationClient({ ...common, clientId: "CLIENT_ID", clientSecret: "CLIENT_SECRET" });
const userInfo = new UserInfoClient(common);

const user = "auth0|123";
const email = "jane@example.com";
const steps = {
  "users.getAll": () =>
    management.users.getAll({ per_page: 10, page: 0, include_totals: true, q: `email:"${email}"` }),
  "users.get": () => management.users.get({ id: user, fields: "email,name", include_fields: true }),
  "users.create": () =>
    management.users.create({ connection: "Username-Password-Authentication", email, password: "pw-1" }),
  "users.update": () => management.users.update({ id: user }, { name: "Jane", blocked: false }),
  "users.delete": () => management.users.delete({ id: user }),
  "users.getRoles": () => management.users.getRoles({ id: user, page: 1, per_page: 5 }),
  "users.assignRoles": () => management.users.assignRoles({ id: user }, { roles: ["rol_1", "rol_2"] }),
  "users.deleteMultifactorProvider": () => management.users.deleteMultifactorProvider({ id: user, provider: "duo" }),
  "roles.getAll": () => management.roles.getAll({ name_filter: "admin", per_page: 20 }),
  "roles.create": () => management.roles.create({ name: "admin", description: "Admins" }),
  "usersByEmail.getByEmail": () => management.usersByEmail.getByEmail({ email }),
  "jobs.verifyEmail": () => management.jobs.verifyEmail({ user_id: user }),
  "jobs.get": () => management.jobs.get({ id: "job_1" }),
  "tickets.changePassword": () =>
    management.tickets.changePassword({ user_id: user, result_url: "https://app.example.com/done" }),
  "clients.getAll": () => management.clients.getAll({ client_ids: "a,b", fields: "name" }),
  "oauth.authorizationCodeGrant": () =>
    auth.oauth.authorizationCodeGrant({ code: "code-1", redirect_uri: "https://app.example.com/cb" }),
  "oauth.authorizationCodeGrantWithPKCE": () =>
    auth.oauth.authorizationCodeGrantWithPKCE({
      code: "code-1",
      code_verifier: "verifier-1",
      redirect_uri: "https://app.example.com/cb",
    }),
  "oauth.clientCredentialsGrant": () =>
    auth.oauth.clientCredentialsGrant({ audience: "https://api.example.com", organization: "org_1" }),
  "oauth.passwordGrant": () =>
    auth.oauth.passwordGrant({
      username: email,
      password: "pw-1",
      realm: "Username-Password-Authentication",
      scope: "openid profile",
      audience: "https://api.example.com",
    }),
  "oauth.refreshTokenGrant": () => auth.oauth.refreshTokenGrant({ refresh_token: "rt-1", scope: "openid" }),
  "oauth.revokeRefreshToken": () => auth.oauth.revokeRefreshToken({ token: "rt-1" }),
  "oauth.pushedAuthorization": () =>
    auth.oauth.pushedAuthorization({
      client_id: "CLIENT_ID",
      response_type: "code",
      redirect_uri: "https://app.example.com/cb",
      scope: "openid",
      state: "state-1",
    }),
  "oauth.tokenForConnection": () =>
    auth.oauth.tokenForConnection({ subject_token: "rt-1", connection: "google-oauth2", login_hint: "jane" }),
  "database.signUp": () =>
    auth.database.signUp({ email, password: "pw-1", connection: "Username-Password-Authentication", name: "Jane" }),
  "database.changePassword": () =>
    auth.database.changePassword({ email, connection: "Username-Password-Authentication" }),
  "passwordless.sendEmail": () => auth.passwordless.sendEmail({ email, send: "code" }),
  "passwordless.sendSMS": () => auth.passwordless.sendSMS({ phone_number: "+15555550100" }),
  "passwordless.loginWithEmail": () => auth.passwordless.loginWithEmail({ email, code: "123456", scope: "openid" }),
  "passwordless.loginWithSMS": () =>
    auth.passwordless.loginWithSMS({ phone_number: "+15555550100", code: "123456", audience: "https://api.example.com" }),
  "backchannel.authorize": () =>
    auth.backchannel.authorize({ userId: user, binding_message: "Approve 42", scope: "openid", audience: "https://api.example.com" }),
  "backchannel.backchannelGrant": () => auth.backchannel.backchannelGrant({ auth_req_id: "req-1" }),
  "tokenExchange.exchangeToken": () =>
    auth.tokenExchange.exchangeToken({
      subject_token_type: "urn:acme:legacy-token",
      subject_token: "ext-1",
      audience: "https://api.example.com",
      scope: "openid",
    }),
  "userInfo.getUserInfo": () => userInfo.getUserInfo("at-1"),
};

const errors = {};
for (const [name, run] of Object.entries(steps)) {
  await fetch(`${base}/__step/${encodeURIComponent(name)}`, { method: "POST" });
  try {
    await run();
  } catch (e) {
    errors[name] = String(e && e.message ? e.message : e);
  }
}
console.log(JSON.stringify({ steps: Object.keys(steps), errors }));
