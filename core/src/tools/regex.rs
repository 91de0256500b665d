//! A small POSIX regular expression engine for `grep`: basic (BRE, with
//! GNU's `\+ \? \|`) and extended (ERE) syntax, bracket expressions with
//! character classes, anchors, `\< \> \b \w \s`, intervals; matched by a
//! Thompson-NFA simulation (no backtracking, so no exponential blow-up),
//! leftmost-longest as POSIX asks. A pattern with back-references (`\1`
//! to `\9`) is matched by a bounded backtracking search instead
//! ([`backref`]). Errors carry GNU grep 3.8's text (without the `grep: `
//! prefix).

mod backref;

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

/// The most instructions a compiled expression may have.
const PROGRAM_LIMIT: usize = 50_000;

/// How deep groups and repetitions may nest (the parser and compiler
/// recurse that deep).
const NESTING_LIMIT: usize = 64;

/// How many repetitions may stack on one atom (`a\{2\}\{3\}`).
const REPEAT_LIMIT: usize = 4;

/// The error beyond [`NESTING_LIMIT`] or [`REPEAT_LIMIT`]: glibc's
/// REG_ESIZE, what grep says of a pattern too big for it.
const NESTING_ERROR: &str = "Regular expression too big";

/// How many repetitions are stacked on a node (`a*\{2\}` is 2).
fn repeat_depth(node: &Node) -> usize {
    let mut depth = 0;
    let mut n = node;
    while let Node::Repeat(inner, _, _) = n {
        depth += 1;
        n = inner;
    }
    depth
}

/// The largest interval count (`RE_DUP_MAX`).
const DUP_MAX: u32 = 32_767;

/// A named class inside brackets: `[[:digit:]]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Named {
    Alpha,
    Digit,
    Alnum,
    Space,
    Upper,
    Lower,
    Punct,
    Xdigit,
    Blank,
    Cntrl,
    Print,
    Graph,
    Word,
}

impl Named {
    fn from_name(name: &str) -> Option<Named> {
        Some(match name {
            "alpha" => Named::Alpha,
            "digit" => Named::Digit,
            "alnum" => Named::Alnum,
            "space" => Named::Space,
            "upper" => Named::Upper,
            "lower" => Named::Lower,
            "punct" => Named::Punct,
            "xdigit" => Named::Xdigit,
            "blank" => Named::Blank,
            "cntrl" => Named::Cntrl,
            "print" => Named::Print,
            "graph" => Named::Graph,
            _ => return None,
        })
    }

    fn contains(self, c: char) -> bool {
        match self {
            Named::Alpha => c.is_alphabetic(),
            Named::Digit => c.is_ascii_digit(),
            Named::Alnum => c.is_alphanumeric(),
            Named::Space => c.is_whitespace(),
            Named::Upper => c.is_uppercase(),
            Named::Lower => c.is_lowercase(),
            Named::Punct => c.is_ascii_punctuation(),
            Named::Xdigit => c.is_ascii_hexdigit(),
            Named::Blank => c == ' ' || c == '\t',
            Named::Cntrl => c.is_control(),
            Named::Print => !c.is_control(),
            Named::Graph => !c.is_control() && !c.is_whitespace(),
            Named::Word => is_word(c),
        }
    }
}

/// A word constituent for `\w`, `\b` and `grep -w`.
pub(crate) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ClassItem {
    Char(char),
    Range(char, char),
    Named(Named),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Class {
    negated: bool,
    items: Vec<ClassItem>,
}

impl Class {
    fn matches(&self, c: char, fold: bool) -> bool {
        let hit = |c: char| {
            self.items.iter().any(|i| match i {
                ClassItem::Char(x) => *x == c,
                ClassItem::Range(a, b) => *a <= c && c <= *b,
                ClassItem::Named(n) => n.contains(c),
            })
        };
        let found = if fold {
            hit(c) || hit(lower(c)) || hit(upper(c))
        } else {
            hit(c)
        };
        found != self.negated
    }
}

/// Zero-width tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Assert {
    LineStart,
    LineEnd,
    WordBoundary,
    NotWordBoundary,
    WordStart,
    WordEnd,
    /// `grep -w`: no word constituent before.
    NoWordBefore,
    /// `grep -w`: no word constituent after.
    NoWordAfter,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Char(char),
    Any,
    Class(Class),
    Assert(Assert),
    Group(Vec<Vec<Node>>),
    Repeat(Box<Node>, u32, Option<u32>),
    /// `\( \)` (or `( )` with -E): group number N (from 1) captures.
    Capture(usize, Box<Node>),
    /// `\N`: what group N matched.
    Backref(usize),
}

/// The syntax of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// `grep` / `grep -G`.
    Basic,
    /// `grep -E`.
    Extended,
    /// `grep -F`: every character stands for itself.
    Fixed,
}

/// What compiling a pattern gave besides the expression: GNU's warnings
/// (`grep: warning: * at start of expression`).
pub(crate) type Warnings = Vec<String>;

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    extended: bool,
    warnings: &'a mut Warnings,
    /// Groups opened so far (the next one is numbered this plus one).
    groups: usize,
    /// The groups closed so far (a back-reference may name only these).
    closed: Vec<usize>,
    /// A back-reference was seen.
    backrefs: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek2(&self) -> Option<char> {
        self.chars.get(self.pos + 1).copied()
    }

    /// At the end of an alternative: the end, `|`/`\|`, or `)`/`\)` inside a group.
    fn at_alt_end(&self, depth: usize) -> bool {
        match (self.peek(), self.peek2()) {
            (None, _) => true,
            (Some('|'), _) if self.extended => true,
            (Some(')'), _) if self.extended && depth > 0 => true,
            (Some('\\'), Some('|')) if !self.extended => true,
            (Some('\\'), Some(')')) if !self.extended => true,
            _ => false,
        }
    }

    fn alternation(&mut self, depth: usize) -> Result<Vec<Vec<Node>>, String> {
        let mut alts = vec![self.sequence(depth)?];
        loop {
            match (self.peek(), self.peek2()) {
                (Some('|'), _) if self.extended => self.pos += 1,
                (Some('\\'), Some('|')) if !self.extended => self.pos += 2,
                _ => break,
            }
            alts.push(self.sequence(depth)?);
        }
        Ok(alts)
    }

    fn sequence(&mut self, depth: usize) -> Result<Vec<Node>, String> {
        let mut seq: Vec<Node> = Vec::new();
        while let Some(c) = self.peek() {
            if self.at_alt_end(depth) {
                break;
            }
            let next = self.peek2();
            self.pos += 1;
            match c {
                '\\' => {
                    let Some(e) = next else {
                        return Err(String::from("Trailing backslash"));
                    };
                    self.pos += 1;
                    self.escape(e, &mut seq, depth)?;
                }
                '(' if self.extended => seq.push(self.group(depth)?),
                '^' if self.extended || seq.is_empty() => seq.push(Node::Assert(Assert::LineStart)),
                '$' if self.extended || self.at_alt_end(depth) => {
                    seq.push(Node::Assert(Assert::LineEnd));
                }
                '.' => seq.push(Node::Any),
                '[' => seq.push(Node::Class(self.bracket()?)),
                '*' => self.repeat(&mut seq, '*', 0, None)?,
                '+' | '?' if self.extended => {
                    let max = if c == '?' { Some(1) } else { None };
                    self.repeat(&mut seq, c, u32::from(c == '+'), max)?;
                }
                '{' if self.extended => match self.interval()? {
                    Some((min, max)) => self.repeat(&mut seq, '{', min, max)?,
                    None => seq.push(Node::Char('{')),
                },
                _ => seq.push(Node::Char(c)),
            }
        }
        Ok(seq)
    }

    fn escape(&mut self, e: char, seq: &mut Vec<Node>, depth: usize) -> Result<(), String> {
        match e {
            '(' if !self.extended => seq.push(self.group(depth)?),
            ')' if !self.extended => return Err(String::from("Unmatched ) or \\)")),
            '+' | '?' if !self.extended => {
                let max = if e == '?' { Some(1) } else { None };
                if seq.is_empty() {
                    seq.push(Node::Char(e));
                } else {
                    self.repeat(seq, e, u32::from(e == '+'), max)?;
                }
            }
            '{' if !self.extended => match self.interval()? {
                Some((min, max)) => self.repeat(seq, '{', min, max)?,
                None => return Err(String::from("Unmatched \\{")),
            },
            '1'..='9' => {
                let n = e.to_digit(10).unwrap_or(0) as usize;
                if !self.closed.contains(&n) {
                    return Err(String::from("Invalid back reference"));
                }
                self.backrefs = true;
                seq.push(Node::Backref(n));
            }
            'w' | 'W' => seq.push(Node::Class(Class {
                negated: e == 'W',
                items: vec![ClassItem::Named(Named::Word)],
            })),
            's' | 'S' => seq.push(Node::Class(Class {
                negated: e == 'S',
                items: vec![ClassItem::Named(Named::Space)],
            })),
            'b' => seq.push(Node::Assert(Assert::WordBoundary)),
            'B' => seq.push(Node::Assert(Assert::NotWordBoundary)),
            '<' => seq.push(Node::Assert(Assert::WordStart)),
            '>' => seq.push(Node::Assert(Assert::WordEnd)),
            _ => seq.push(Node::Char(e)),
        }
        Ok(())
    }

    fn group(&mut self, depth: usize) -> Result<Node, String> {
        if depth >= NESTING_LIMIT {
            return Err(String::from(NESTING_ERROR));
        }
        self.groups += 1;
        let number = self.groups;
        let alts = self.alternation(depth + 1)?;
        match (self.peek(), self.peek2()) {
            (Some(')'), _) if self.extended => self.pos += 1,
            (Some('\\'), Some(')')) if !self.extended => self.pos += 2,
            _ => return Err(String::from("Unmatched ( or \\(")),
        }
        self.closed.push(number);
        Ok(Node::Capture(number, Box::new(Node::Group(alts))))
    }

    /// Applies a repetition to the last node; at the start of an
    /// expression `*` is literal (BRE) or warned about and dropped (ERE,
    /// as GNU grep 3.8 does for `*`, `+`, `?`, `{`).
    fn repeat(
        &mut self,
        seq: &mut Vec<Node>,
        op: char,
        min: u32,
        max: Option<u32>,
    ) -> Result<(), String> {
        let repeatable = matches!(
            seq.last(),
            Some(
                Node::Char(_)
                    | Node::Any
                    | Node::Class(_)
                    | Node::Group(_)
                    | Node::Repeat(..)
                    | Node::Capture(..)
                    | Node::Backref(_)
            )
        );
        if !repeatable {
            if self.extended {
                self.warnings
                    .push(alloc::format!("warning: {op} at start of expression"));
            } else {
                seq.push(Node::Char(op));
            }
            return Ok(());
        }
        if let Some(last) = seq.pop() {
            // `a*` repeated again: `a**` is `a*`; other stacks stay
            // shallow so that compiling cannot overflow the stack.
            let node = match last {
                Node::Repeat(inner, 0, None) if min <= 1 && max.is_none() => {
                    Node::Repeat(inner, 0, None)
                }
                other => {
                    if repeat_depth(&other) >= REPEAT_LIMIT {
                        return Err(String::from(NESTING_ERROR));
                    }
                    Node::Repeat(Box::new(other), min, max)
                }
            };
            seq.push(node);
        }
        Ok(())
    }

    /// After `{` (ERE) or `\{` (BRE): `n}`, `n,}`, `,m}`, `n,m}`. ERE gives
    /// `None` (a literal `{`) when it is not an interval.
    fn interval(&mut self) -> Result<Option<(u32, Option<u32>)>, String> {
        let start = self.pos;
        let number = |p: &mut Self| -> Option<u32> {
            let mut n: Option<u32> = None;
            while let Some(d) = p.peek().and_then(|c| c.to_digit(10)) {
                n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d));
                p.pos += 1;
            }
            n
        };
        let min = number(self);
        let max = if self.peek() == Some(',') {
            self.pos += 1;
            number(self)
        } else {
            Some(min.unwrap_or(0))
        };
        let closed = if self.extended {
            self.peek() == Some('}')
        } else {
            self.peek() == Some('\\') && self.peek2() == Some('}')
        };
        if !closed || (min.is_none() && self.chars.get(start) != Some(&',')) {
            self.pos = start;
            return Ok(None);
        }
        self.pos += if self.extended { 1 } else { 2 };
        let min = min.unwrap_or(0);
        if max.is_some_and(|m| m < min) {
            return Err(String::from("Invalid content of \\{\\}"));
        }
        if min > DUP_MAX || max.is_some_and(|m| m > DUP_MAX) {
            return Err(String::from("Regular expression too big"));
        }
        Ok(Some((min, max)))
    }

    /// After `[`: a bracket expression up to its `]`.
    fn bracket(&mut self) -> Result<Class, String> {
        const UNMATCHED: &str = "Unmatched [, [^, [:, [., or [=";
        let begin = self.pos;
        let mut class = Class {
            negated: false,
            items: Vec::new(),
        };
        if self.peek() == Some('^') {
            class.negated = true;
            self.pos += 1;
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(String::from(UNMATCHED));
            };
            self.pos += 1;
            if c == ']' && !first {
                break;
            }
            first = false;
            if c == '[' && matches!(self.peek(), Some(':' | '.' | '=')) {
                let kind = self.peek().unwrap_or(':');
                self.pos += 1;
                let mut name = String::new();
                loop {
                    match (self.peek(), self.peek2()) {
                        (None, _) => return Err(String::from(UNMATCHED)),
                        (Some(k), Some(']')) if k == kind => {
                            self.pos += 2;
                            break;
                        }
                        (Some(x), _) => {
                            name.push(x);
                            self.pos += 1;
                        }
                    }
                }
                if kind == ':' {
                    let named = Named::from_name(&name)
                        .ok_or_else(|| String::from("Invalid character class name"))?;
                    class.items.push(ClassItem::Named(named));
                } else {
                    let mut chars = name.chars();
                    match (chars.next(), chars.next()) {
                        (Some(one), None) => class.items.push(ClassItem::Char(one)),
                        _ => return Err(String::from("Invalid collation character")),
                    }
                }
                continue;
            }
            if self.peek() == Some('-') && self.peek2().is_some_and(|e| e != ']') {
                let end = self.peek2().unwrap_or(c);
                self.pos += 2;
                if end < c {
                    return Err(String::from("Invalid range end"));
                }
                class.items.push(ClassItem::Range(c, end));
            } else {
                class.items.push(ClassItem::Char(c));
            }
        }
        // `[:space:]` alone: GNU grep refuses it.
        let text: String = self
            .chars
            .get(begin..self.pos.saturating_sub(1))
            .unwrap_or_default()
            .iter()
            .collect();
        if text.len() >= 2 && text.starts_with(':') && text.ends_with(':') {
            return Err(alloc::format!(
                "character class syntax is [[{text}]], not [{text}]"
            ));
        }
        Ok(class)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Inst {
    Char(char),
    Any,
    Class(Class),
    Assert(Assert),
    Split(usize, usize),
    Jmp(usize),
    Match,
}

/// A compiled pattern (or several, as alternatives).
#[derive(Clone, Debug)]
pub(crate) struct Regex {
    program: Vec<Inst>,
    fold: bool,
    /// The whole expression, when it has back-references: matched by
    /// [`backref`]'s search instead of `program`.
    tree: Option<Node>,
}

/// How `grep` matches: syntax, `-i`, `-w`, `-x`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Options {
    /// The pattern syntax.
    pub syntax: Syntax,
    /// `-i`.
    pub ignore_case: bool,
    /// `-w`.
    pub word: bool,
    /// `-x`.
    pub line: bool,
}

impl Regex {
    /// Compiles `patterns` (each one an alternative). Returns the GNU
    /// error text on a bad pattern, and warnings to print.
    pub(crate) fn new(patterns: &[String], options: Options) -> Result<(Regex, Warnings), String> {
        let mut warnings = Vec::new();
        let mut alts = Vec::new();
        let mut backrefs = false;
        for p in patterns {
            let seq = match options.syntax {
                Syntax::Fixed => vec![p.chars().map(Node::Char).collect()],
                Syntax::Basic | Syntax::Extended => {
                    let mut parser = Parser {
                        chars: p.chars().collect(),
                        pos: 0,
                        extended: options.syntax == Syntax::Extended,
                        warnings: &mut warnings,
                        groups: 0,
                        closed: Vec::new(),
                        backrefs: false,
                    };
                    let alts = parser.alternation(0)?;
                    if parser.pos < parser.chars.len() {
                        // Only a `)` outside any group stops the parse early.
                        return Err(String::from("Unmatched ) or \\)"));
                    }
                    backrefs |= parser.backrefs;
                    alts
                }
            };
            let mut node = Node::Group(seq);
            if options.word {
                node = Node::Group(vec![vec![
                    Node::Assert(Assert::NoWordBefore),
                    node,
                    Node::Assert(Assert::NoWordAfter),
                ]]);
            }
            if options.line {
                node = Node::Group(vec![vec![
                    Node::Assert(Assert::LineStart),
                    node,
                    Node::Assert(Assert::LineEnd),
                ]]);
            }
            alts.push(vec![node]);
        }
        let top = Node::Group(alts);
        let mut program = Vec::new();
        emit(&top, &mut program)?;
        program.push(Inst::Match);
        if options.ignore_case {
            for inst in &mut program {
                if let Inst::Char(c) = inst {
                    *c = lower(*c);
                }
            }
        }
        Ok((
            Regex {
                program,
                fold: options.ignore_case,
                tree: backrefs.then_some(top),
            },
            warnings,
        ))
    }

    /// True if `line` (without its newline) contains a match.
    pub(crate) fn is_match(&self, line: &str) -> bool {
        let chars: Vec<char> = line.chars().collect();
        self.find_at(&chars, 0).is_some()
    }

    /// Every non-empty match in `line`, left to right, leftmost-longest
    /// (what `grep -o` prints), as char ranges turned into strings.
    pub(crate) fn find_all(&self, line: &str) -> Vec<String> {
        let chars: Vec<char> = line.chars().collect();
        let mut found = Vec::new();
        let mut from = 0;
        while from <= chars.len() {
            let Some((start, end)) = self.find_at(&chars, from) else {
                break;
            };
            if end > start {
                found.push(chars.get(start..end).unwrap_or_default().iter().collect());
                from = end;
            } else {
                from = start + 1;
            }
        }
        found
    }

    /// The leftmost-longest match in `chars` starting at or after `from`,
    /// as a range of character positions (awk's `match`, `sub`, `split`).
    pub(crate) fn find_from(&self, chars: &[char], from: usize) -> Option<(usize, usize)> {
        self.find_at(chars, from)
    }

    /// The leftmost-longest match starting at or after `from`.
    fn find_at(&self, chars: &[char], from: usize) -> Option<(usize, usize)> {
        if let Some(tree) = &self.tree {
            return backref::find(tree, chars, from, self.fold);
        }
        let n = self.program.len();
        let mut current: Vec<(usize, usize)> = Vec::new();
        let mut next: Vec<(usize, usize)> = Vec::new();
        let mut seen = vec![usize::MAX; n];
        let mut best: Option<(usize, usize)> = None;
        let mut pos = from;
        loop {
            // A new thread starts here unless a match has been found.
            if best.is_none() {
                self.add(&mut current, &mut seen, 0, pos, pos, chars);
            }
            if current.is_empty() && best.is_some() {
                break;
            }
            let c = chars.get(pos).copied();
            for &(pc, start) in &current {
                match self.program.get(pc) {
                    Some(Inst::Match) => {
                        let better = match best {
                            None => true,
                            Some((s, e)) => start < s || (start == s && pos > e),
                        };
                        if better {
                            best = Some((start, pos));
                        }
                    }
                    Some(Inst::Char(x)) if c.is_some_and(|c| self.fold_char(c) == *x) => {
                        next.push((pc + 1, start));
                    }
                    Some(Inst::Any) if c.is_some() => next.push((pc + 1, start)),
                    Some(Inst::Class(class)) if c.is_some_and(|c| class.matches(c, self.fold)) => {
                        next.push((pc + 1, start));
                    }
                    _ => {}
                }
            }
            if c.is_none() {
                break;
            }
            pos += 1;
            current.clear();
            let stepped = core::mem::take(&mut next);
            for (pc, start) in stepped {
                if best.is_some_and(|(s, _)| start > s) {
                    continue;
                }
                self.add(&mut current, &mut seen, pc, start, pos, chars);
            }
        }
        best
    }

    /// Adds a thread at `pc`, following jumps, splits and assertions.
    fn add(
        &self,
        list: &mut Vec<(usize, usize)>,
        seen: &mut [usize],
        pc: usize,
        start: usize,
        pos: usize,
        chars: &[char],
    ) {
        let mut stack = vec![pc];
        while let Some(pc) = stack.pop() {
            match seen.get_mut(pc) {
                Some(mark) if *mark == pos => continue,
                Some(mark) => *mark = pos,
                None => continue,
            }
            match self.program.get(pc) {
                Some(Inst::Jmp(to)) => stack.push(*to),
                Some(Inst::Split(a, b)) => {
                    // `a` first: pushed last.
                    stack.push(*b);
                    stack.push(*a);
                }
                Some(Inst::Assert(a)) if assert_holds(*a, chars, pos) => stack.push(pc + 1),
                Some(Inst::Assert(_)) => {}
                Some(_) => list.push((pc, start)),
                None => {}
            }
        }
    }

    fn fold_char(&self, c: char) -> char {
        if self.fold { lower(c) } else { c }
    }
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn upper(c: char) -> char {
    c.to_uppercase().next().unwrap_or(c)
}

fn assert_holds(a: Assert, chars: &[char], pos: usize) -> bool {
    let before = pos
        .checked_sub(1)
        .and_then(|i| chars.get(i))
        .is_some_and(|c| is_word(*c));
    let after = chars.get(pos).is_some_and(|c| is_word(*c));
    match a {
        Assert::LineStart => pos == 0,
        Assert::LineEnd => pos == chars.len(),
        Assert::WordBoundary => before != after,
        Assert::NotWordBoundary => before == after,
        Assert::WordStart => !before && after,
        Assert::WordEnd => before && !after,
        Assert::NoWordBefore => !before,
        Assert::NoWordAfter => !after,
    }
}

/// Appends the instructions of `node`.
fn emit(node: &Node, program: &mut Vec<Inst>) -> Result<(), String> {
    if program.len() > PROGRAM_LIMIT {
        return Err(String::from("Regular expression too big"));
    }
    match node {
        Node::Char(c) => program.push(Inst::Char(*c)),
        Node::Any => program.push(Inst::Any),
        Node::Class(c) => program.push(Inst::Class(c.clone())),
        Node::Assert(a) => program.push(Inst::Assert(*a)),
        Node::Capture(_, inner) => emit(inner, program)?,
        // Never run: a pattern with back-references is searched by
        // `backref` (an empty class matches nothing).
        Node::Backref(_) => program.push(Inst::Class(Class {
            negated: false,
            items: Vec::new(),
        })),
        Node::Group(alts) => {
            // split L1, next; L1: alt1; jmp end; next: split L2, ...
            let mut jumps = Vec::new();
            let count = alts.len();
            for (i, seq) in alts.iter().enumerate() {
                let split_at = program.len();
                if i + 1 < count {
                    program.push(Inst::Split(split_at + 1, 0));
                }
                for n in seq {
                    emit(n, program)?;
                }
                if i + 1 < count {
                    jumps.push(program.len());
                    program.push(Inst::Jmp(0));
                    let here = program.len();
                    if let Some(Inst::Split(_, b)) = program.get_mut(split_at) {
                        *b = here;
                    }
                }
            }
            let end = program.len();
            for j in jumps {
                if let Some(Inst::Jmp(to)) = program.get_mut(j) {
                    *to = end;
                }
            }
        }
        Node::Repeat(inner, min, max) => {
            for _ in 0..*min {
                emit(inner, program)?;
            }
            match max {
                None => {
                    // L: split body, end; body; jmp L; end:
                    let l = program.len();
                    program.push(Inst::Split(l + 1, 0));
                    emit(inner, program)?;
                    program.push(Inst::Jmp(l));
                    let end = program.len();
                    if let Some(Inst::Split(_, b)) = program.get_mut(l) {
                        *b = end;
                    }
                }
                Some(max) => {
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(program.len());
                        program.push(Inst::Split(program.len() + 1, 0));
                        emit(inner, program)?;
                    }
                    let end = program.len();
                    for s in splits {
                        if let Some(Inst::Split(_, b)) = program.get_mut(s) {
                            *b = end;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(p: &str, syntax: Syntax) -> Result<Regex, String> {
        let options = Options {
            syntax,
            ignore_case: false,
            word: false,
            line: false,
        };
        Regex::new(&[String::from(p)], options).map(|(r, _)| r)
    }

    #[test]
    fn basic_and_extended() {
        let b = |p: &str, t: &str| re(p, Syntax::Basic).is_ok_and(|r| r.is_match(t));
        let e = |p: &str, t: &str| re(p, Syntax::Extended).is_ok_and(|r| r.is_match(t));
        assert!(b("^inet", "inet 127.0.0.1"));
        assert!(!b("^inet", "    inet 127.0.0.1"));
        assert!(b("127\\.0\\.0\\.1$", "x 127.0.0.1"));
        assert!(b("a*b", "b"));
        assert!(b("[0-9][0-9]*", "port 80"));
        assert!(!b("[^a-z]", "abc"));
        assert!(b("a\\|z", "z"));
        assert!(b("a+", "a+"));
        assert!(!b("a+", "aa"));
        assert!(e("a+", "aa"));
        assert!(e("(ab|cd)+$", "xcdab"));
        assert!(e("a{2}", "aa"));
        assert!(!e("a{3}", "aa"));
        assert!(b("*a", "*a"));
        assert!(b("[[:digit:]]", "x1"));
        assert!(b("\\<lo\\>", "dev lo up"));
        assert!(!b("\\<lo\\>", "local"));
        assert_eq!(
            re("\\(a", Syntax::Basic).err().as_deref(),
            Some("Unmatched ( or \\(")
        );
        assert_eq!(
            re("[a", Syntax::Basic).err().as_deref(),
            Some("Unmatched [, [^, [:, [., or [=")
        );
        assert_eq!(
            re("a\\", Syntax::Basic).err().as_deref(),
            Some("Trailing backslash")
        );
        assert!(
            re("(a*)*b", Syntax::Extended)
                .is_ok_and(|r| !r.is_match("aaaaaaaaaaaaaaaaaaaaaaaaaaaa"))
        );
        assert_eq!(
            re("[a-z]+", Syntax::Extended).map(|r| r.find_all("ab 12 cd")),
            Ok(vec![String::from("ab"), String::from("cd")])
        );
    }
}
