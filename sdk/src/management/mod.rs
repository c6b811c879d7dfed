//! The Management API v2. (Generated modules are added by `cargo xtask regenerate`.)
