//! The parser's tests: bash's syntax errors (recorded from bash 5.2.15)
//! and the shape of the trees.

use super::*;
use alloc::string::ToString;
use alloc::vec;

fn plain(w: &Word) -> String {
    w.as_plain()
        .unwrap_or_else(|| alloc::format!("{:?}", w.parts))
}

fn names(list: &List) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for item in &list.items {
        let mut pipes = vec![&item.and_or.first];
        pipes.extend(item.and_or.rest.iter().map(|(_, p)| p));
        for p in pipes {
            if let Some(Command::Simple(s)) = p.commands.first() {
                out.push(s.words.iter().map(plain).collect());
            }
        }
    }
    out
}

#[test]
fn words_and_separators() {
    let list = parse("echo hi; nope && a || b & c").unwrap();
    assert_eq!(
        names(&list),
        [
            vec!["echo", "hi"],
            vec!["nope"],
            vec!["a"],
            vec!["b"],
            vec!["c"]
        ]
    );
    assert_eq!(list.items.len(), 3);
    assert!(list.items[1].background);
    let list = parse("echo a\necho b\n\n# c\necho c # d").unwrap();
    assert_eq!(
        names(&list),
        [vec!["echo", "a"], vec!["echo", "b"], vec!["echo", "c"]]
    );
}

#[test]
fn quoting() {
    let list = parse(r#"echo 'a  b' "c \"d\" $?" e\ f '' "#).unwrap();
    let Command::Simple(s) = &list.items[0].and_or.first.commands[0] else {
        panic!()
    };
    assert_eq!(s.words.len(), 5);
    assert_eq!(s.words[1].parts, Word::literal("a  b", true).parts);
    assert!(s.words[4].has_quotes());
}

#[test]
fn compound_commands() {
    for src in [
        "if true; then echo a; elif false; then echo b; else echo c; fi",
        "for i in 1 2 3; do echo $i; done",
        "for ((i=0; i<3; i++)); do echo $i; done",
        "while false; do :; done",
        "until true; do :; done",
        "case $x in a|b) echo ab;; *) echo other;; esac",
        "{ echo a; echo b; } > /tmp/x",
        "( cd /tmp; ls )",
        "f() { echo hi; }",
        "function g { echo hi; }",
        "[[ -f /etc/hosts && $x == a* ]]",
        "(( x += 2 ))",
        "cat <<EOF\nhello $USER\nEOF\necho after",
        "cat <<'EOF'\n$HOME\nEOF",
        "tr a b <<< \"abc\"",
        "x=$(echo `echo hi`) y=$((1 + 2))",
        "echo ${x:-default} ${#x} ${x%%.*} ${x//a/b}",
        "! true | false |& cat",
    ] {
        assert!(parse(src).is_ok(), "{src}: {:?}", parse(src));
    }
}

#[test]
fn heredoc_bodies() {
    let list = parse("cat <<-EOF\n\thi\n\tEOF\necho done").unwrap();
    assert_eq!(list.items.len(), 2);
    let Command::Simple(s) = &list.items[0].and_or.first.commands[0] else {
        panic!()
    };
    let Redirect::Here { body, .. } = &s.redirects[0] else {
        panic!()
    };
    assert_eq!(body.parts.len(), 1);
}

/// Real bash 5.2.15 (interactive) printed each of these messages.
#[test]
fn bash_syntax_errors() {
    let cases = [
        ("; echo", "bash: syntax error near unexpected token `;'"),
        (
            "echo a >",
            "bash: syntax error near unexpected token `newline'",
        ),
        (
            "echo a && && b",
            "bash: syntax error near unexpected token `&&'",
        ),
        (
            "echo a || ; echo b",
            "bash: syntax error near unexpected token `;'",
        ),
        (
            "echo a ;; b",
            "bash: syntax error near unexpected token `;;'",
        ),
        ("echo a > ;", "bash: syntax error near unexpected token `;'"),
        ("| x", "bash: syntax error near unexpected token `|'"),
        (
            "echo 'a",
            "bash: unexpected EOF while looking for matching `''",
        ),
        (
            "echo \"abc",
            "bash: unexpected EOF while looking for matching `\"'",
        ),
        ("echo a &&", "bash: syntax error: unexpected end of file"),
        (
            "if true; then",
            "bash: syntax error: unexpected end of file",
        ),
        ("fi", "bash: syntax error near unexpected token `fi'"),
        (
            "if true; fi",
            "bash: syntax error near unexpected token `fi'",
        ),
        ("done", "bash: syntax error near unexpected token `done'"),
        ("echo )", "bash: syntax error near unexpected token `)'"),
    ];
    for (line, message) in cases {
        assert_eq!(parse(line).unwrap_err().to_string(), message, "{line}");
    }
}

#[test]
fn incomplete_input() {
    for src in [
        "echo 'a",
        "if true; then",
        "echo a |",
        "cat <<EOF\nx",
        "for i in 1",
    ] {
        let e = parse_script(src, false).error.expect(src).error;
        assert!(e.is_incomplete(), "{src}: {e:?}");
    }
}

#[test]
fn empty_and_comments() {
    assert!(parse("").unwrap().items.is_empty());
    assert!(parse("   # just a comment").unwrap().items.is_empty());
    assert_eq!(
        names(&parse("echo a#b # c").unwrap()),
        [vec!["echo", "a#b"]]
    );
    assert!(parse("echo a &").is_ok());
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let src = "(".repeat(5000);
    assert!(parse(&src).is_err());
    let src = "$(".repeat(5000);
    assert!(parse(&src).is_err());
    let src = "{ ".repeat(5000);
    assert!(parse(&src).is_err());
}

#[test]
fn complete_lines_before_an_error_are_kept() {
    let p = parse_script("echo a\nif then\necho b", true);
    assert_eq!(p.list.items.len(), 1);
    let e = p.error.unwrap();
    assert_eq!((e.line, e.text.as_str()), (2, "if then"));
    let p = parse_script("echo a; if then", true);
    assert_eq!(p.list.items.len(), 0);
    let p = parse_script("echo a\nif true; then", true);
    assert_eq!(p.error.unwrap().line, 3);
}
