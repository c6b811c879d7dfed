//! Spec prose → rustdoc that renders well and never turns into a doctest or a broken link.

/// Joins a title and a description into one doc text, sanitised; `None` when both are empty.
pub fn describe(title: Option<&str>, description: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [title, description]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    match parts.as_slice() {
        [] => None,
        [one] => Some(sanitise(one)),
        [title, description] if description.starts_with(title) => Some(sanitise(description)),
        [title, description] => Some(sanitise(&format!("{title}\n\n{description}"))),
        _ => unreachable!("at most two parts"),
    }
}

/// Makes spec Markdown safe for rustdoc:
/// - fenced code becomes ```` ```text ```` (spec samples are not Rust and must not run as doctests);
/// - leading indentation is removed outside fences (four spaces would start a code block);
/// - `[label]` not followed by `(` is escaped so rustdoc does not try to resolve it as a link;
/// - bare URLs are wrapped in `<…>`.
pub fn sanitise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_fence = false;
    for line in text.replace("\r\n", "\n").lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if in_fence {
                out.push_str("```");
            } else {
                out.push_str("```text");
            }
            in_fence = !in_fence;
        } else if in_fence {
            out.push_str(line);
        } else {
            out.push_str(&escape_line(trimmed.trim_end()));
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out.trim_end().to_owned()
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
        } else if in_code {
            out.push(c);
        } else if c == '[' {
            // Find the matching `]` and see whether a link target follows.
            let close = chars[i..].iter().position(|&x| x == ']').map(|p| p + i);
            match close {
                Some(j) if chars.get(j + 1) == Some(&'(') => out.push('['),
                _ => out.push_str("\\["),
            }
        } else if c == ']' {
            let is_link = chars.get(i + 1) == Some(&'(');
            out.push_str(if is_link { "]" } else { "\\]" });
        } else if line[char_offset(&chars, i)..].starts_with("http://")
            || line[char_offset(&chars, i)..].starts_with("https://")
        {
            let start = char_offset(&chars, i);
            let rest = &line[start..];
            let end = rest
                .find(|ch: char| ch.is_whitespace() || ch == ')' || ch == '"' || ch == '\'' || ch == '<' || ch == '>')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            let preceded = i > 0 && matches!(chars[i - 1], '(' | '<' | '"' | '\'' | '=');
            if preceded {
                out.push_str(url);
            } else {
                out.push('<');
                out.push_str(url);
                out.push('>');
            }
            i += url.chars().count();
            continue;
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

fn char_offset(chars: &[char], index: usize) -> usize {
    chars[..index].iter().map(|c| c.len_utf8()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_fences_become_text_and_indentation_goes() {
        let doc = sanitise("Intro\n```js\nfoo();\n```\n    indented");
        assert_eq!(doc, "Intro\n```text\nfoo();\n```\nindented");
    }

    #[test]
    fn brackets_and_urls() {
        assert_eq!(
            sanitise("see [docs](https://x.y/z) and [note]"),
            "see [docs](https://x.y/z) and \\[note\\]"
        );
        assert_eq!(
            sanitise("go to https://auth0.com/docs."),
            "go to <https://auth0.com/docs>."
        );
        assert_eq!(sanitise("`[x]` stays"), "`[x]` stays");
    }
}
