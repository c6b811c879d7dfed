//! Making token-derived text safe to display: errors carry it and tracing logs those errors,
//! so a `kid` with CR/LF could forge log lines and one with ESC could drive a terminal.

/// Most characters of token-derived text kept in an error.
const MAX_CHARS: usize = 64;

/// `text` cut to 64 characters, with control characters (C0, DEL, C1) and the Unicode
/// bidirectional controls escaped as `\n`, `\u{1b}`, `\u{202e}`…, and backslashes doubled
/// so an escape in the output always comes from this function.
pub(crate) fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_CHARS * 2));
    for c in text.chars().take(MAX_CHARS) {
        if is_bidi_control(c) {
            out.extend(c.escape_unicode());
        } else if c == '\\' || c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that reorder displayed text (Trojan Source, CVE-2021-42574).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn escapes_controls_and_truncates() {
        assert_eq!(
            sanitize("k1\r\nlevel=ERROR \u{1b}[31m"),
            "k1\\r\\nlevel=ERROR \\u{1b}[31m"
        );
        assert_eq!(sanitize("a\u{202e}b\\n"), "a\\u{202e}b\\\\n");
        assert_eq!(sanitize(&"x".repeat(100)).len(), 64);
        assert_eq!(sanitize("ünïcode ok"), "ünïcode ok");
        assert!(!sanitize("\u{85}\u{7f}\0").chars().any(char::is_control));
    }
}
