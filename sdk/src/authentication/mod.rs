//! The Authentication API: OAuth grants, passwordless, database connections, MFA, user info.
