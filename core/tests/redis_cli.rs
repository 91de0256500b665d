//! redis-cli without a command (redis-tools 7.0, Debian 12), recorded on
//! Linux 6.18 in a namespace with `redis-server --port 6379 --save ""`:
//! ```text
//! $ printf 'ping\nset a 1\nget a\nget b\nexists a\nfoo\necho "hi there"\n\ndel a\n' | redis-cli
//! PONG
//! OK
//! 1
//!
//! 1
//! ERR unknown command 'foo', with args beginning with:<SPACE>
//!
//! hi there
//! 1
//! $ printf 'get "x\nping\n' | redis-cli 2>/dev/null; echo $?   → Invalid argument(s), PONG, 0
//! $ redis-cli foo; echo $?        → the ERR line, an empty line, 0
//! ```
//! (standard output was a pipe: raw replies, as `| cat` gives in the
//! lab) and with no server:
//! ```text
//! $ echo ping | redis-cli; echo $?
//! Could not connect to Redis at 127.0.0.1:6379: Connection refused
//! Could not connect to Redis at 127.0.0.1:6379: Connection refused
//! 0
//! ```
//! At a terminal, redis-cli shows its prompt, `127.0.0.1:6379> ` (or the
//! error and `not connected> `).

use lolab_core::{Duration, Lab, LabConfig};

#[test]
fn commands_from_standard_input() {
    let mut lab = Lab::new(LabConfig::default());
    let refused = "Could not connect to Redis at 127.0.0.1:6379: Connection refused\n";
    let r = lab.run("echo ping | redis-cli");
    assert_eq!((r.stderr(), r.status), (format!("{refused}{refused}"), 0));
    let r = lab.run_for("redis-cli", Duration::from_secs(2));
    assert_eq!(
        (r.stdout(), r.stderr()),
        (String::from("not connected> "), String::from(refused))
    );
    lab.run("redis-server --port 6379 &");
    let r = lab.run(
        "echo -ne 'ping\\nset a 1\\nget a\\nget b\\nexists a\\nfoo\\necho \"hi there\"\\n\\ndel a\\n' | redis-cli | cat",
    );
    assert_eq!(
        (r.stdout(), r.status),
        (
            String::from(
                "PONG\nOK\n1\n\n1\nERR unknown command 'foo', with args beginning with: \n\nhi there\n1\n"
            ),
            0
        )
    );
    let r = lab.run("echo -ne 'get \"x\\nping\\n' | redis-cli | cat");
    assert_eq!(r.stdout(), "Invalid argument(s)\nPONG\n");
    let r = lab.run("redis-cli foo | cat");
    assert_eq!(
        r.stdout(),
        "ERR unknown command 'foo', with args beginning with: \n\n"
    );
    let r = lab.run_for("redis-cli", Duration::from_secs(2));
    assert_eq!(r.stdout(), "127.0.0.1:6379> ");
    assert!(r.interrupted);
}
