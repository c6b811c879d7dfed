//! `auth0-local-tenant [--port N] [--rate-limit N]`: runs a local tenant until Ctrl-C and prints
//! how to reach it.

use std::process::ExitCode;

use auth0_local_tenant::{LocalTenant, RateLimitPolicy};

fn usage() -> ExitCode {
    eprintln!(
        "usage: auth0-local-tenant [--port N] [--client-id ID --client-secret SECRET] [--rbac] [--rate-limit N]\n  \
         --rate-limit N  enforce a tenant-wide Management API limit of N requests/s (429 + Retry-After)"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut builder = LocalTenant::builder();
    let mut args = std::env::args().skip(1);
    let (mut client_id, mut client_secret) = (None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => match args.next().and_then(|p| p.parse::<u16>().ok()) {
                Some(port) => builder = builder.port(port),
                None => return usage(),
            },
            "--client-id" => client_id = args.next(),
            "--client-secret" => client_secret = args.next(),
            "--rbac" => builder = builder.rbac(true),
            "--rate-limit" => match args.next().and_then(|n| n.parse::<u32>().ok()).filter(|n| *n > 0) {
                Some(per_second) => builder = builder.rate_limit(RateLimitPolicy::per_second(per_second)),
                None => return usage(),
            },
            "-h" | "--help" => {
                usage();
                return ExitCode::SUCCESS;
            }
            _ => return usage(),
        }
    }
    if let (Some(id), Some(secret)) = (client_id, client_secret) {
        builder = builder.m2m_credentials(id, secret);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let tenant = match builder.start().await {
            Ok(t) => t,
            Err(e) => {
                eprintln!("auth0-local-tenant: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!("base_url={}", tenant.base_url());
        println!("domain={}", tenant.domain());
        println!("issuer={}", tenant.issuer());
        println!("management_audience={}", tenant.management_audience());
        println!(
            "my_account_url={} audience={}",
            tenant.my_account_url(),
            tenant.my_account_audience()
        );
        println!(
            "my_organization_url={} audience={}",
            tenant.my_organization_url(),
            tenant.my_organization_audience()
        );
        println!("client_id={}", tenant.client_id());
        println!("client_secret={}", tenant.client_secret());
        for user in tenant.users() {
            println!(
                "user={} password={} user_id={}",
                user.email, user.password, user.user_id
            );
        }
        let _ = tokio::signal::ctrl_c().await;
        tenant.shutdown().await;
        ExitCode::SUCCESS
    })
}
