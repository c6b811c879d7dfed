//! Strings from simple regular expressions (`pattern`), enough for the ids, slugs, colours and
//! phone numbers Auth0's schemas constrain: literals, classes, `.`, escapes, groups,
//! alternation (first branch), quantifiers, anchors; look-arounds are skipped.
//!
//! The result is a best effort (a look-ahead is not honoured); the local tenant's
//! schema-validation test is what proves the emitted samples valid.

/// A parsed pattern node.
#[derive(Debug, Clone)]
enum Node {
    /// One concrete character.
    Char(char),
    /// Alternatives; the first is generated.
    Alt(Vec<Vec<Node>>),
    /// A repeated node with its bounds.
    Repeat(Box<Node>, usize, Option<usize>),
    /// Matches nothing that needs output (anchors, look-arounds).
    Empty,
}

/// A string matching `pattern` with `min..=max` characters, if the pattern parses.
pub fn generate(pattern: &str, min: usize, max: usize) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut parser = Parser { chars: &chars, pos: 0 };
    let alts = parser.alternation()?;
    if parser.pos != chars.len() {
        return None;
    }
    let root = Node::Alt(alts);
    // Grow the repetition counts until the length fits.
    let tries = (0..=8).chain([min, min.saturating_add(1)]);
    for extra in tries {
        let mut out = String::new();
        emit(&root, extra, &mut out);
        let n = out.chars().count();
        if n >= min && n <= max {
            return Some(out);
        }
    }
    None
}

fn emit(node: &Node, extra: usize, out: &mut String) {
    match node {
        Node::Char(c) => out.push(*c),
        Node::Empty => {}
        Node::Alt(alts) => {
            if let Some(first) = alts.first() {
                for n in first {
                    emit(n, extra, out);
                }
            }
        }
        Node::Repeat(inner, lo, hi) => {
            let count = (*lo).max(hi.map_or(extra, |h| extra.min(h)));
            for _ in 0..count {
                emit(inner, extra, out);
            }
        }
    }
}

/// Characters preferred when a class allows several: readable ones first.
const PREFERRED: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn alternation(&mut self) -> Option<Vec<Vec<Node>>> {
        let mut alts = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alts.push(self.sequence()?);
        }
        Some(alts)
    }

    fn sequence(&mut self) -> Option<Vec<Node>> {
        let mut seq = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let atom = self.quantified(atom)?;
            seq.push(atom);
        }
        Some(seq)
    }

    fn atom(&mut self) -> Option<Node> {
        match self.next()? {
            '^' | '$' => Some(Node::Empty),
            '.' => Some(Node::Char('a')),
            '(' => {
                let mut skip = false;
                if self.peek() == Some('?') {
                    self.pos += 1;
                    match self.next()? {
                        ':' => {}
                        '=' | '!' => skip = true,
                        '<' => {
                            // `(?<=`/`(?<!` look-behind, or a named group `(?<name>`.
                            if matches!(self.peek(), Some('=') | Some('!')) {
                                self.pos += 1;
                                skip = true;
                            } else {
                                while self.next()? != '>' {}
                            }
                        }
                        _ => return None,
                    }
                }
                let alts = self.alternation()?;
                if self.next()? != ')' {
                    return None;
                }
                Some(if skip { Node::Empty } else { Node::Alt(alts) })
            }
            '[' => self.class(),
            '\\' => Some(self.escape(false)?.map_or(Node::Empty, Node::Char)),
            c => Some(Node::Char(c)),
        }
    }

    /// An escape after `\`: `Some(None)` for zero-width ones (`\b`).
    fn escape(&mut self, in_class: bool) -> Option<Option<char>> {
        let c = self.next()?;
        Some(Some(match c {
            'd' => '0',
            'w' | 'S' | 'D' => 'a',
            's' => ' ',
            'W' => '-',
            'n' => '\n',
            't' => '\t',
            'b' if !in_class => return Some(None),
            'B' => return Some(None),
            'x' => self.hex(2)?,
            'u' => self.hex(4)?,
            other => other,
        }))
    }

    fn hex(&mut self, digits: usize) -> Option<char> {
        let s: String = (0..digits).map(|_| self.next()).collect::<Option<String>>()?;
        char::from_u32(u32::from_str_radix(&s, 16).ok()?)
    }

    /// A `[…]` class: the first preferred character it admits.
    fn class(&mut self) -> Option<Node> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        // (lo, hi) ranges; class escapes like `\d` contribute their whole set.
        let mut ranges: Vec<(char, char)> = Vec::new();
        let mut first = true;
        loop {
            let c = self.next()?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let (lo, set) = if c == '\\' {
                match self.peek()? {
                    'd' => {
                        self.pos += 1;
                        (None, vec![('0', '9')])
                    }
                    'w' => {
                        self.pos += 1;
                        (None, vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')])
                    }
                    's' => {
                        self.pos += 1;
                        (None, vec![(' ', ' '), ('\t', '\t'), ('\n', '\n')])
                    }
                    'S' => {
                        self.pos += 1;
                        (None, vec![('!', '~')])
                    }
                    _ => (self.escape(true)?, Vec::new()),
                }
            } else {
                (Some(c), Vec::new())
            };
            ranges.extend(set);
            let Some(lo) = lo else { continue };
            // A range `a-z` (a `-` before `]` is literal).
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|n| *n != ']') {
                self.pos += 1;
                let hi = match self.next()? {
                    '\\' => self.escape(true)?.unwrap_or(lo),
                    h => h,
                };
                ranges.push((lo, hi.max(lo)));
            } else {
                ranges.push((lo, lo));
            }
        }
        let admits = |c: char| ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi) != negated;
        let pick = PREFERRED
            .chars()
            .find(|c| admits(*c))
            .or_else(|| if negated { None } else { ranges.first().map(|r| r.0) })?;
        Some(Node::Char(pick))
    }

    fn quantified(&mut self, atom: Node) -> Option<Node> {
        let (lo, hi) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => match self.braces() {
                Some(b) => b,
                // Not a quantifier (`{org_id}`): a literal brace, handled as the next atom.
                None => return Some(atom),
            },
            _ => return Some(atom),
        };
        // Past the quantifier character (or the closing brace `braces` stopped on).
        self.pos += 1;
        // Lazy/possessive suffixes change nothing for generation.
        if matches!(self.peek(), Some('?') | Some('+')) {
            self.pos += 1;
        }
        Some(Node::Repeat(Box::new(atom), lo, hi))
    }

    /// `{n}`, `{n,}`, `{n,m}` at the cursor; consumes it only when it is one.
    fn braces(&mut self) -> Option<(usize, Option<usize>)> {
        let rest: String = self.chars[self.pos..].iter().collect();
        let end = rest.find('}')?;
        let inner = &rest[1..end];
        let (lo, hi) = match inner.split_once(',') {
            Some((lo, "")) => (lo.trim().parse().ok()?, None),
            Some((lo, hi)) => (lo.trim().parse().ok()?, Some(hi.trim().parse().ok()?)),
            None => {
                let n = inner.trim().parse().ok()?;
                (n, Some(n))
            }
        };
        // Leave the cursor on the closing brace; `quantified` steps past it.
        self.pos += rest[..end].chars().count();
        Some((lo, hi))
    }
}
