//! coreutils 9.1 `uname`: the fields of `uname(2)`.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{gnu_invalid_option, gnu_unrecognized_option};
use crate::process::{Ctx, Started};

const KERNEL_NAME: u8 = 1;
const NODENAME: u8 = 2;
const RELEASE: u8 = 4;
const VERSION: u8 = 8;
const MACHINE_BIT: u8 = 16;
const PROCESSOR: u8 = 32;
const PLATFORM: u8 = 64;
const OS: u8 = 128;
/// `-a`: everything except `-p` and `-i`, which coreutils omits when unknown.
const ALL: u8 = KERNEL_NAME | NODENAME | RELEASE | VERSION | MACHINE_BIT | OS;

pub(super) fn start(ctx: &mut Ctx<'_>, args: &[String]) -> Started {
    let mut fields = 0u8;
    for arg in args.get(1..).unwrap_or_default() {
        if let Some(long) = arg.strip_prefix("--") {
            fields |= match long {
                "all" => ALL,
                "kernel-name" => KERNEL_NAME,
                "nodename" => NODENAME,
                "kernel-release" => RELEASE,
                "kernel-version" => VERSION,
                "machine" => MACHINE_BIT,
                "processor" => PROCESSOR,
                "hardware-platform" => PLATFORM,
                "operating-system" => OS,
                "help" => {
                    ctx.out("Usage: uname [OPTION]...\nPrint certain system information.  With no OPTION, same as -s.\n\n  -a, --all                print all information, in the following order,\n                             except omit -p and -i if unknown:\n  -s, --kernel-name        print the kernel name\n  -n, --nodename           print the network node hostname\n  -r, --kernel-release     print the kernel release\n  -v, --kernel-version     print the kernel version\n  -m, --machine            print the machine hardware name\n  -p, --processor          print the processor type (non-portable)\n  -i, --hardware-platform  print the hardware platform (non-portable)\n  -o, --operating-system   print the operating system\n      --help        display this help and exit\n      --version     output version information and exit\n");
                    return Started::Exited(0);
                }
                "version" => {
                    ctx.out("uname (GNU coreutils) 9.1\n");
                    return Started::Exited(0);
                }
                _ => return gnu_unrecognized_option(ctx, "uname", arg),
            };
        } else if let Some(short) = arg.strip_prefix('-').filter(|s| !s.is_empty()) {
            for c in short.chars() {
                fields |= match c {
                    'a' => ALL,
                    's' => KERNEL_NAME,
                    'n' => NODENAME,
                    'r' => RELEASE,
                    'v' => VERSION,
                    'm' => MACHINE_BIT,
                    'p' => PROCESSOR,
                    'i' => PLATFORM,
                    'o' => OS,
                    _ => return gnu_invalid_option(ctx, "uname", c),
                };
            }
        } else {
            ctx.err(&format!(
                "uname: extra operand ‘{arg}’\nTry 'uname --help' for more information.\n"
            ));
            return Started::Exited(1);
        }
    }
    if fields == 0 {
        fields = KERNEL_NAME;
    }
    let u = ctx.sys().uname();
    let parts: [(u8, &str); 8] = [
        (KERNEL_NAME, u.sysname),
        (NODENAME, &u.nodename),
        (RELEASE, u.release),
        (VERSION, u.version),
        (MACHINE_BIT, u.machine),
        (PROCESSOR, "unknown"),
        (PLATFORM, "unknown"),
        (OS, "GNU/Linux"),
    ];
    let words: Vec<&str> = parts
        .iter()
        .filter(|(bit, _)| fields & bit != 0)
        .map(|(_, s)| *s)
        .collect();
    ctx.out(&format!("{}\n", words.join(" ")));
    Started::Exited(0)
}
