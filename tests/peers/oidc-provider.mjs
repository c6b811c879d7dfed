// Starts oidc-provider 9 (a certified third-party OpenID Provider) on loopback for the Rust
// tests in sdk/tests/oidc_provider.rs.
//
// Prints one JSON line when ready:
//   {"issuer": "http://127.0.0.1:PORT", "jwks_uri": ".../jwks", "authorization_endpoint": ".../auth",
//    "token_endpoint": ".../oauth/token", "api": "<resource indicator>", "redirect_uri": "...",
//    "confidential": {"client_id": "...", "client_secret": "..."}, "public": {"client_id": "..."}}
// Serves only 127.0.0.1. Exits when stdin closes or on SIGTERM/SIGINT.
//
// Clients:
//   confidential: client_secret_basic (client_secret_post is accepted too: oidc-provider treats
//                 the two as interchangeable), grants authorization_code, refresh_token,
//                 client_credentials.
//   public:       token_endpoint_auth_method none, PKCE required, grants authorization_code and
//                 refresh_token.
// The resource indicator `api` is a resource server whose access tokens are RS256 JWTs, so a
// client-credentials request with `resource=<api>` returns a verifiable JWT.
// Logins go through the built-in dev interaction pages (any login, any password).
//
// The token endpoint is mounted at /oauth/token (the SDK's path); authorization and JWKS stay at
// oidc-provider's own /auth and /jwks.
//
// Usage: node tests/peers/oidc-provider.mjs   (after `cd tests && npm ci`)
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

// stdout carries only the ready line: oidc-provider's own notices (console.log/info) go to stderr.
console.log = console.error;
console.info = console.error;

const API = 'https://api.oidc-provider.test';
const API_SCOPES = 'read:things write:things';
const REDIRECT_URI = 'https://app.test/callback';
const confidential = { client_id: 'confidential-client', client_secret: randomBytes(24).toString('base64url') };
const publicClient = { client_id: 'public-client' };

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'peer-rs256', use: 'sig', alg: 'RS256' };

const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      ...confidential,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
      redirect_uris: [REDIRECT_URI],
    },
    {
      ...publicClient,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [REDIRECT_URI],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  routes: { token: '/oauth/token' },
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
  async findAccount(_ctx, accountId) {
    return {
      accountId,
      async claims() {
        return { sub: accountId, name: `User ${accountId}`, email: `${accountId}@example.test`, email_verified: true };
      },
    };
  },
  // Scope claims (profile, email) go in the ID token too, not only to userinfo.
  conformIdTokenClaims: false,
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    ClientCredentials: 600,
    Grant: 3600,
    IdToken: 600,
    Interaction: 600,
    RefreshToken: 86400,
    Session: 3600,
  },
  issueRefreshToken: async () => true,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (_ctx, _client, oneOf) => oneOf,
      useGrantedResource: async () => false,
      getResourceServerInfo: async (_ctx, resource) => {
        if (resource !== API) throw new errors.InvalidTarget();
        return {
          scope: API_SCOPES,
          audience: API,
          accessTokenTTL: 3600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
});
provider.on('server_error', (_ctx, error) => process.stderr.write(`oidc-provider server_error: ${error.stack}\n`));
server.on('request', provider.callback());

process.stdout.write(`${JSON.stringify({
  issuer,
  jwks_uri: `${issuer}/jwks`,
  authorization_endpoint: `${issuer}/auth`,
  token_endpoint: `${issuer}/oauth/token`,
  api: API,
  api_scopes: API_SCOPES,
  redirect_uri: REDIRECT_URI,
  confidential,
  public: publicClient,
})}\n`);

const stop = () => {
  server.close();
  server.closeAllConnections?.();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
