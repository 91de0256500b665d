//! coreutils 9.1 `md5sum`, `sha1sum`, `sha256sum [FILE]...`: each input's
//! digest, two spaces, its name (`-` for standard input). Checking
//! (`-c`) is not built and is refused as an unknown option.

use alloc::string::String;
use alloc::vec::Vec;

use super::digest;
use crate::process::{Ctx, Started};

/// The digest a program computes, as hexadecimal.
fn digest_of(tool: &str, data: &[u8]) -> String {
    match tool {
        "md5sum" => digest::hex(&digest::md5(data)),
        "sha1sum" => digest::hex(&digest::sha1(data)),
        _ => digest::hex(&digest::sha256(data)),
    }
}

/// The bytes of an operand: standard input's text, or a file's bytes.
fn bytes_of(ctx: &mut Ctx<'_>, name: &str) -> Result<Vec<u8>, &'static str> {
    if name == "-" {
        return Ok(Vec::from(ctx.stdin().unwrap_or_default().as_bytes()));
    }
    let path = crate::shell::absolute_path(name, ctx.cwd());
    ctx.sys().read_binary(&path).map_err(|e| e.message())
}

fn run(
    ctx: &mut Ctx<'_>,
    tool: &'static str,
    args: &[String],
    me: crate::process::StartFn,
) -> Started {
    let mut operands: Vec<String> = Vec::new();
    let mut it = super::super::filter::GnuArgs::new(args);
    while let Some(arg) = it.next_option(&mut operands) {
        match arg.as_str() {
            "--version" => return super::version(ctx, tool),
            "--help" => return super::help::print(ctx, tool),
            "-b" | "-t" | "--binary" | "--text" => {}
            a if a.starts_with("--") => return super::super::gnu_unrecognized_option(ctx, tool, a),
            a => {
                if let Some(c) = a.chars().skip(1).find(|c| !matches!(c, 'b' | 't')) {
                    return super::super::gnu_invalid_option(ctx, tool, c);
                }
            }
        }
    }
    if super::input::must_wait(ctx, &operands) {
        return super::super::stdin_wait::start(ctx, me, args);
    }
    if operands.is_empty() {
        operands.push(String::from("-"));
    }
    let mut status = 0;
    for name in &operands {
        match bytes_of(ctx, name) {
            Ok(data) => {
                let line = alloc::format!("{}  {name}\n", digest_of(tool, &data));
                ctx.out(&line);
            }
            Err(message) => {
                status = 1;
                ctx.err(&alloc::format!("{tool}: {name}: {message}\n"));
            }
        }
    }
    Started::Exited(status)
}

pub(super) fn md5sum(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    run(ctx, "md5sum", args, md5sum)
}

pub(super) fn sha1sum(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    run(ctx, "sha1sum", args, sha1sum)
}

pub(super) fn sha256sum(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    run(ctx, "sha256sum", args, sha256sum)
}
