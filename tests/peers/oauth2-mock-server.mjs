// Starts oauth2-mock-server (a third-party OAuth 2 / OpenID issuer) on loopback for the Rust
// tests in sdk/tests/oidc_peers.rs.
//
// Prints one JSON line when ready: {"url": "http://127.0.0.1:PORT", "kid": "<first key id>"}.
// Then reads one JSON command per stdin line and answers with one JSON line:
//   {"op": "token", "claims": {...}, "header": {...}, "kid": "...", "expiresIn": 3600}
//       -> {"token": "<signed JWT>"}      (claims and header are merged into the defaults)
//   {"op": "rotate", "alg": "RS256"}      -> {"kid": "<new key id>"} (the new key is added to the JWKS)
// Token requests to POST /token may carry `extra_claims` / `extra_header` form fields (JSON
// objects) that are merged into the issued access token.
// Exits when stdin closes.
//
// Usage: node tests/peers/oauth2-mock-server.mjs   (after `cd tests && npm ci`)
import readline from 'node:readline';
import { OAuth2Server } from 'oauth2-mock-server';

const server = new OAuth2Server();
const first = await server.issuer.keys.generate('RS256');

server.service.on('beforeTokenSigning', (token, req) => {
  const body = req.body ?? {};
  if (typeof body.extra_claims === 'string') Object.assign(token.payload, JSON.parse(body.extra_claims));
  if (typeof body.extra_header === 'string') Object.assign(token.header, JSON.parse(body.extra_header));
});

await server.start(0, '127.0.0.1');

const reply = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
reply({ url: server.issuer.url, kid: first.kid });

const commands = readline.createInterface({ input: process.stdin });
commands.on('line', async (line) => {
  try {
    const cmd = JSON.parse(line);
    if (cmd.op === 'token') {
      const token = await server.issuer.buildToken({
        kid: cmd.kid,
        expiresIn: cmd.expiresIn,
        scopesOrTransform: (header, payload) => {
          Object.assign(header, cmd.header ?? {});
          Object.assign(payload, cmd.claims ?? {});
        },
      });
      reply({ token });
    } else if (cmd.op === 'rotate') {
      const key = await server.issuer.keys.generate(cmd.alg ?? 'RS256');
      reply({ kid: key.kid });
    } else {
      reply({ error: `unknown op ${cmd.op}` });
    }
  } catch (error) {
    reply({ error: String(error) });
  }
});
commands.on('close', async () => {
  await server.stop();
  process.exit(0);
});
