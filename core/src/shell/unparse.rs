//! A function's definition as bash prints it back (`type f`,
//! `declare -f f`): one command a line, four spaces an indent, `elif`
//! as a nested `if`, the words as they were written.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::ast::{
    AndOr, CaseEnd, Command, Compound, CondExpr, Connector, List, Pipeline, Redirect,
    SimpleCommand, Word, WordPart,
};

fn word(w: &Word) -> String {
    if !w.raw.is_empty() {
        return w.raw.clone();
    }
    let mut s = String::new();
    for p in &w.parts {
        if let WordPart::Literal { text, .. } = p {
            s.push_str(text);
        }
    }
    s
}

fn redirect(r: &Redirect) -> String {
    match r {
        Redirect::ToFile { fd, target, append } => {
            let op = if *append { ">>" } else { ">" };
            if *fd == 1 {
                format!("{op} {}", word(target))
            } else {
                format!("{fd}{op} {}", word(target))
            }
        }
        Redirect::BothToFile { target, append } => {
            format!("{} {}", if *append { "&>>" } else { "&>" }, word(target))
        }
        Redirect::Dup { fd, to } => format!("{fd}>&{to}"),
        Redirect::Close { fd } => format!("{fd}>&-"),
        Redirect::FromFile { target } => format!("< {}", word(target)),
        Redirect::Here {
            body, string: true, ..
        } => format!("<<< {}", word(body)),
        Redirect::Here { .. } => String::from("<< EOF"),
    }
}

fn simple(c: &SimpleCommand) -> String {
    let mut parts: Vec<String> = c
        .assigns
        .iter()
        .map(|a| {
            format!(
                "{}{}={}",
                a.name,
                if a.append { "+" } else { "" },
                word(&a.value)
            )
        })
        .collect();
    parts.extend(c.words.iter().map(word));
    parts.extend(c.redirects.iter().map(redirect));
    parts.join(" ")
}

fn cond(e: &CondExpr) -> String {
    match e {
        CondExpr::Not(x) => format!("! {}", cond(x)),
        CondExpr::And(a, b) => format!("{} && {}", cond(a), cond(b)),
        CondExpr::Or(a, b) => format!("{} || {}", cond(a), cond(b)),
        CondExpr::Unary(op, w) => format!("{op} {}", word(w)),
        CondExpr::Binary(a, op, b) => format!("{} {op} {}", word(a), word(b)),
        CondExpr::Word(w) => word(w),
    }
}

/// Lines of output with their indentation.
struct Out {
    lines: Vec<String>,
}

impl Out {
    fn line(&mut self, depth: usize, text: &str) {
        self.lines.push(format!("{}{text}", "    ".repeat(depth)));
    }

    /// Appends to the last line.
    fn tail(&mut self, text: &str) {
        if let Some(l) = self.lines.last_mut() {
            l.push_str(text);
        }
    }

    /// A list, one entry a line; `last_semi`: the last entry ends with `;`.
    fn list(&mut self, l: &List, depth: usize, last_semi: bool) {
        let n = l.items.len();
        for (i, item) in l.items.iter().enumerate() {
            self.and_or(&item.and_or, depth);
            if item.background {
                self.tail(" &");
            } else if i + 1 < n || last_semi {
                self.tail(";");
            }
        }
    }

    fn and_or(&mut self, a: &AndOr, depth: usize) {
        self.pipeline(&a.first, depth, true);
        for (c, p) in &a.rest {
            self.tail(match c {
                Connector::And => " && ",
                Connector::Or => " || ",
            });
            self.pipeline(p, depth, false);
        }
    }

    fn pipeline(&mut self, p: &Pipeline, depth: usize, new_line: bool) {
        let mut first = new_line;
        let start = |o: &mut Out, first: &mut bool, text: &str| {
            if *first {
                o.line(depth, text);
                *first = false;
            } else {
                o.tail(text);
            }
        };
        if p.time.is_some() {
            start(self, &mut first, "time ");
        }
        if p.bang {
            start(self, &mut first, "! ");
        }
        for (i, c) in p.commands.iter().enumerate() {
            if i > 0 {
                self.tail(" | ");
            }
            match c {
                Command::Simple(s) => start(self, &mut first, &simple(s)),
                Command::Compound(node, redirects) => {
                    self.compound(node, depth, &mut first);
                    for r in redirects {
                        self.tail(&format!(" {}", redirect(r)));
                    }
                }
                Command::Function(name, body) => {
                    start(self, &mut first, &format!("{name} () "));
                    self.compound(&body.0, depth, &mut false);
                }
            }
        }
    }

    fn compound(&mut self, c: &Compound, depth: usize, first: &mut bool) {
        let mut open = |o: &mut Out, text: &str| {
            if *first {
                o.line(depth, text);
                *first = false;
            } else {
                o.tail(text);
            }
        };
        match c {
            Compound::Brace(l) => {
                open(self, "{ ");
                self.list(l, depth + 1, false);
                self.line(depth, "}");
            }
            Compound::Subshell(l) => {
                open(self, "( ");
                let mut inner = Out { lines: Vec::new() };
                inner.list(l, 0, false);
                let text: Vec<&str> = inner.lines.iter().map(|s| s.trim()).collect();
                self.tail(&text.join(" "));
                self.tail(" )");
            }
            Compound::If { arms, otherwise } => {
                self.if_arms(arms, otherwise.as_deref(), depth, &mut open);
            }
            Compound::For { name, words, body } => {
                let list = match words {
                    Some(w) => format!(" in {}", w.iter().map(word).collect::<Vec<_>>().join(" ")),
                    None => String::new(),
                };
                open(self, &format!("for {name}{list};"));
                self.line(depth, "do");
                self.list(body, depth + 1, true);
                self.line(depth, "done");
            }
            Compound::ArithFor { exprs, body } => {
                let [a, b, c] = exprs;
                open(
                    self,
                    &format!("for (({}; {}; {}))", word(a), word(b), word(c)),
                );
                self.line(depth, "do");
                self.list(body, depth + 1, true);
                self.line(depth, "done");
            }
            Compound::While {
                cond: c,
                body,
                until,
            } => {
                open(self, if *until { "until " } else { "while " });
                let mut inner = Out { lines: Vec::new() };
                inner.list(c, 0, true);
                let text: Vec<&str> = inner.lines.iter().map(|s| s.trim()).collect();
                self.tail(&text.join(" "));
                self.tail(" do");
                self.list(body, depth + 1, true);
                self.line(depth, "done");
            }
            Compound::Case { word: w, arms } => {
                open(self, &format!("case {} in ", word(w)));
                for arm in arms {
                    let pats: Vec<String> = arm.patterns.iter().map(word).collect();
                    self.line(depth + 1, &format!("{})", pats.join(" | ")));
                    if arm.body.items.is_empty() {
                        self.lines.push(String::new());
                    }
                    self.list(&arm.body, depth + 2, false);
                    self.line(
                        depth + 1,
                        match arm.end {
                            CaseEnd::Break => ";;",
                            CaseEnd::FallThrough => ";&",
                            CaseEnd::Continue => ";;&",
                        },
                    );
                }
                self.line(depth, "esac");
            }
            Compound::Cond(e) => open(self, &format!("[[ {} ]]", cond(e))),
            Compound::Arith(w) => open(self, &format!("(({}))", word(w))),
        }
    }

    fn if_arms(
        &mut self,
        arms: &[(alloc::rc::Rc<List>, alloc::rc::Rc<List>)],
        otherwise: Option<&List>,
        depth: usize,
        open: &mut dyn FnMut(&mut Out, &str),
    ) {
        let Some(((c, body), rest)) = arms.split_first() else {
            return;
        };
        open(self, "if ");
        let mut inner = Out { lines: Vec::new() };
        inner.list(c, 0, true);
        let text: Vec<&str> = inner.lines.iter().map(|s| s.trim()).collect();
        self.tail(&text.join(" "));
        self.tail(" then");
        self.list(body, depth + 1, true);
        if !rest.is_empty() {
            // `elif` comes back as `else if … fi`.
            self.line(depth, "else");
            let mut first = true;
            let mut nested = |o: &mut Out, t: &str| {
                if first {
                    o.line(depth + 1, t);
                    first = false;
                } else {
                    o.tail(t);
                }
            };
            self.if_arms(rest, otherwise, depth + 1, &mut nested);
            self.tail(";");
        } else if let Some(e) = otherwise {
            self.line(depth, "else");
            self.list(e, depth + 1, true);
        }
        self.line(depth, "fi");
    }
}

/// `NAME () \n{ \n    …\n}` as bash prints a function.
pub fn function(name: &str, body: &Compound) -> String {
    let mut out = Out { lines: Vec::new() };
    out.lines.push(format!("{name} () "));
    let mut first = true;
    out.compound(body, 0, &mut first);
    let mut s = out.lines.join("\n");
    s.push('\n');
    s
}
