//! JSON Web Tokens: ID-token validation, access-token verification for APIs, JWKS caching.
