//! stub
pub fn run(_args: &[String]) -> anyhow::Result<bool> { anyhow::bail!("not yet") }
