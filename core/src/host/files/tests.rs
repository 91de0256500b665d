//! The file system's rules: permissions by uid, gid and mode, the sticky
//! `/tmp`, ENOSPC past the capacity, renames across directories, symbolic
//! link loops (ELOOP), the stock Debian tree.

use super::ops::OpenFlags;
use super::*;

const USER: Cred = Cred {
    uid: 1000,
    gid: 1000,
};
const OTHER: Cred = Cred {
    uid: 1001,
    gid: 1001,
};

fn fs() -> Files {
    Files::debian(
        "lab",
        Stamp {
            sec: 1_795_737_600,
            nsec: 0,
        },
    )
}

#[test]
fn hosts_file_is_debian_stock() {
    let fs = fs();
    let hosts = fs.read("/etc/hosts").unwrap();
    assert!(hosts.starts_with("127.0.0.1\tlocalhost\n127.0.1.1\tlab\n"));
    assert!(hosts.contains("::1     localhost ip6-localhost ip6-loopback\n"));
}

#[test]
fn the_debian_tree() {
    let fs = fs();
    let st = |p: &str| {
        fs.stat_ino(fs.resolve(Cred::ROOT, p, false).unwrap())
            .unwrap()
    };
    assert_eq!(st("/tmp").mode, S_IFDIR | 0o1777);
    assert_eq!(st("/root").mode, S_IFDIR | 0o700);
    let home = st("/home/user");
    assert_eq!(
        (home.mode, home.uid, home.gid),
        (S_IFDIR | 0o700, 1000, 1000)
    );
    assert_eq!(st("/bin").mode, S_IFLNK | 0o777);
    assert_eq!(fs.readlink(Cred::ROOT, "/bin").unwrap(), "usr/bin");
    assert_eq!(fs.stat("/bin/"), Some(FileType::Directory));
    let bashrc = st("/home/user/.bashrc");
    assert_eq!((bashrc.size, bashrc.uid), (3526, 1000));
    assert_eq!(st("/root/.bashrc").size, 571);
    assert_eq!(st("/dev/null").rdev, (1, 3));
    // `/`: ., .. and its 19 entries' subdirectories.
    assert_eq!(st("/etc").mtime.sec, 1_795_737_600);
}

#[test]
fn permissions() {
    let mut fs = fs();
    assert_eq!(fs.write("/etc/hosts", "x", true, false), Err(Errno::EACCES));
    assert_eq!(fs.write("/etc/new", "x", false, false), Err(Errno::EACCES));
    assert_eq!(fs.write("/etc/hosts", "1.2.3.4 x\n", true, true), Ok(()));
    assert!(fs.read("/etc/hosts").unwrap().ends_with("1.2.3.4 x\n"));
    assert_eq!(fs.write("/tmp/out", "hi\n", false, false), Ok(()));
    assert_eq!(fs.read("/tmp/out"), Ok("hi\n"));
    assert_eq!(fs.read("/etc"), Err(Errno::EISDIR));
    assert_eq!(fs.read("/nope"), Err(Errno::ENOENT));
    assert_eq!(fs.write("/nodir/x", "", false, true), Err(Errno::ENOENT));
    assert_eq!(
        fs.write("/etc/hosts/x", "", false, true),
        Err(Errno::ENOTDIR)
    );
    // /root is 0700: a user cannot even look inside.
    assert_eq!(fs.resolve(USER, "/root/.bashrc", true), Err(Errno::EACCES));
    assert_eq!(fs.readdir(USER, "/root").err(), Some(Errno::EACCES));
    // Another user cannot enter /home/user.
    assert_eq!(
        fs.access(OTHER, "/home/user/.profile", R_OK),
        Err(Errno::EACCES)
    );
    assert_eq!(fs.access(USER, "/home/user/.profile", R_OK | W_OK), Ok(()));
    // Root needs an x bit to execute.
    assert_eq!(
        fs.access(Cred::ROOT, "/etc/hosts", X_OK),
        Err(Errno::EACCES)
    );
    assert_eq!(fs.access(Cred::ROOT, "/etc/hosts", R_OK | W_OK), Ok(()));
    fs.chmod(Cred::ROOT, "/etc/hosts", 0o744).unwrap();
    assert_eq!(fs.access(Cred::ROOT, "/etc/hosts", X_OK), Ok(()));
    assert_eq!(fs.access(USER, "/etc/hosts", X_OK), Err(Errno::EACCES));
    // Only the owner may chmod; only root may chown away.
    assert_eq!(fs.chmod(USER, "/etc/hosts", 0o777), Err(Errno::EPERM));
    assert_eq!(
        fs.chown(USER, "/tmp/out", Some(0), None, true),
        Err(Errno::EPERM)
    );
    let flags = OpenFlags {
        create: true,
        exclusive: true,
        write: true,
        ..OpenFlags::default()
    };
    assert_eq!(fs.open(USER, "/tmp/out", flags, 0o644), Err(Errno::EEXIST));
}

#[test]
fn sticky_tmp() {
    let mut fs = fs();
    fs.write_as("/tmp/mine", b"x", false, USER, 0o022).unwrap();
    assert_eq!(fs.unlink(OTHER, "/tmp/mine"), Err(Errno::EPERM));
    assert_eq!(
        fs.rename(OTHER, "/tmp/mine", "/tmp/theirs"),
        Err(Errno::EPERM)
    );
    assert_eq!(fs.unlink(USER, "/tmp/mine"), Ok(()));
    assert_eq!(fs.stat("/tmp/mine"), None);
}

#[test]
fn directories() {
    let mut fs = fs();
    fs.mkdir(USER, "/tmp/a", 0o755).unwrap();
    assert_eq!(fs.mkdir(USER, "/tmp/a", 0o755), Err(Errno::EEXIST));
    assert_eq!(fs.mkdir(USER, "/tmp/x/y", 0o755), Err(Errno::ENOENT));
    assert_eq!(fs.mkdir(USER, "/etc/x", 0o755), Err(Errno::EACCES));
    assert_eq!(fs.mkdir(Cred::ROOT, "/", 0o755), Err(Errno::EEXIST));
    fs.mkdir(USER, "/tmp/a/b", 0o755).unwrap();
    let nlink = |fs: &Files, p| {
        fs.stat_ino(fs.resolve(Cred::ROOT, p, true).unwrap())
            .unwrap()
            .nlink
    };
    assert_eq!(nlink(&fs, "/tmp/a"), 3);
    assert_eq!(fs.rmdir(USER, "/tmp/a"), Err(Errno::ENOTEMPTY));
    assert_eq!(fs.unlink(USER, "/tmp/a"), Err(Errno::EISDIR));
    assert_eq!(fs.rmdir(USER, "/tmp/a/."), Err(Errno::EINVAL));
    assert_eq!(fs.rmdir(Cred::ROOT, "/"), Err(Errno::EBUSY));
    assert_eq!(
        fs.resolve(USER, "/tmp/a/b/../..", true),
        fs.resolve(USER, "/tmp", true)
    );
    fs.rmdir(USER, "/tmp/a/b").unwrap();
    assert_eq!(nlink(&fs, "/tmp/a"), 2);
    fs.rmdir(USER, "/tmp/a").unwrap();
    let names: alloc::vec::Vec<_> = fs
        .readdir(USER, "/home/user")
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, [".", "..", ".bash_logout", ".bashrc", ".profile"]);
}

#[test]
fn rename_across_directories() {
    let mut fs = fs();
    fs.mkdir(USER, "/tmp/a", 0o755).unwrap();
    fs.mkdir(USER, "/tmp/b", 0o755).unwrap();
    fs.write_as("/tmp/a/f", b"data", false, USER, 0o022)
        .unwrap();
    let ino = fs.resolve(USER, "/tmp/a/f", true).unwrap();
    fs.rename(USER, "/tmp/a/f", "/tmp/b/g").unwrap();
    assert_eq!(fs.resolve(USER, "/tmp/b/g", true), Ok(ino));
    assert_eq!(fs.resolve(USER, "/tmp/a/f", true), Err(Errno::ENOENT));
    // A directory moves with its contents; not into itself.
    fs.rename(USER, "/tmp/b", "/tmp/a/b").unwrap();
    assert_eq!(fs.read("/tmp/a/b/g"), Ok("data"));
    assert_eq!(fs.rename(USER, "/tmp/a", "/tmp/a/b/c"), Err(Errno::EINVAL));
    // A file over a directory, a directory over a file.
    fs.write_as("/tmp/f", b"", false, USER, 0o022).unwrap();
    assert_eq!(fs.rename(USER, "/tmp/f", "/tmp/a"), Err(Errno::EISDIR));
    assert_eq!(fs.rename(USER, "/tmp/a", "/tmp/f"), Err(Errno::ENOTDIR));
    // Over a non-empty directory.
    fs.mkdir(USER, "/tmp/e", 0o755).unwrap();
    assert_eq!(fs.rename(USER, "/tmp/e", "/tmp/a"), Err(Errno::ENOTEMPTY));
    // Out of a directory the user may not write.
    assert_eq!(fs.rename(USER, "/etc/hosts", "/tmp/h"), Err(Errno::EACCES));
    // `..` of the moved directory is its new parent.
    assert_eq!(
        fs.resolve(USER, "/tmp/a/b/..", true),
        fs.resolve(USER, "/tmp/a", true)
    );
}

#[test]
fn symlinks_and_loops() {
    let mut fs = fs();
    fs.symlink(USER, "/etc/hosts", "/tmp/h").unwrap();
    assert!(fs.read("/tmp/h").unwrap().contains("localhost"));
    fs.symlink(USER, "loop2", "/tmp/loop1").unwrap();
    fs.symlink(USER, "loop1", "/tmp/loop2").unwrap();
    assert_eq!(fs.resolve(USER, "/tmp/loop1", true), Err(Errno::ELOOP));
    assert!(fs.resolve(USER, "/tmp/loop1", false).is_ok());
    assert_eq!(fs.read("/tmp/loop1/x"), Err(Errno::ELOOP));
    assert_eq!(fs.symlink(USER, "x", "/tmp/h"), Err(Errno::EEXIST));
    assert_eq!(fs.readlink(USER, "/etc/hosts"), Err(Errno::EINVAL));
    // Hard links share the inode; a directory may not have one.
    fs.write_as("/tmp/f", b"1", false, USER, 0o022).unwrap();
    fs.link(USER, "/tmp/f", "/tmp/g").unwrap();
    fs.write_as("/tmp/g", b"2", false, USER, 0o022).unwrap();
    assert_eq!(fs.read("/tmp/f"), Ok("2"));
    assert_eq!(fs.link(USER, "/tmp", "/tmp/d"), Err(Errno::EPERM));
    fs.unlink(USER, "/tmp/f").unwrap();
    assert_eq!(fs.read("/tmp/g"), Ok("2"));
    // Writing through a dangling link creates its target.
    fs.symlink(USER, "made", "/tmp/dangling").unwrap();
    fs.write_as("/tmp/dangling", b"x", false, USER, 0o022)
        .unwrap();
    assert_eq!(fs.read("/tmp/made"), Ok("x"));
    // A link to itself is a loop.
    fs.symlink(USER, "self", "/tmp/self").unwrap();
    assert_eq!(
        fs.write_as("/tmp/self", b"x", false, USER, 0o022),
        Err(Errno::ELOOP)
    );
}

#[test]
fn no_space_left_past_the_capacity() {
    let mut fs = fs();
    let before = fs.statfs().bfree;
    let mib = alloc::vec![b'x'; 1 << 20];
    let mut written = 0;
    let err = loop {
        match fs.write_as(&alloc::format!("/tmp/f{written}"), &mib, false, USER, 0o022) {
            Ok(()) => written += 1,
            Err(e) => break e,
        }
        assert!(written < 64, "the cap was never hit");
    };
    assert_eq!(err, Errno::ENOSPC);
    assert!(fs.statfs().bfree < 256);
    // Freeing gives the space back.
    for i in 0..written {
        fs.unlink(USER, &alloc::format!("/tmp/f{i}")).unwrap();
    }
    fs.unlink(USER, &alloc::format!("/tmp/f{written}")).ok();
    assert_eq!(fs.statfs().bfree, before);
}

#[test]
fn times_follow_the_clock() {
    let mut fs = fs();
    fs.set_now(Stamp {
        sec: 1_795_737_700,
        nsec: 5,
    });
    fs.write_as("/tmp/t", b"x", false, USER, 0o022).unwrap();
    let st = |fs: &Files, p| {
        fs.stat_ino(fs.resolve(Cred::ROOT, p, true).unwrap())
            .unwrap()
    };
    assert_eq!(st(&fs, "/tmp/t").mtime.sec, 1_795_737_700);
    assert_eq!(st(&fs, "/tmp").mtime.sec, 1_795_737_700);
    fs.set_now(Stamp {
        sec: 1_795_737_800,
        nsec: 0,
    });
    fs.utimens(USER, "/tmp/t", ops::TimeSpec::Now, ops::TimeSpec::Now, true)
        .unwrap();
    assert_eq!(st(&fs, "/tmp/t").mtime.sec, 1_795_737_800);
    // Setting /etc/hosts's time needs ownership or write permission.
    assert_eq!(
        fs.utimens(
            USER,
            "/etc/hosts",
            ops::TimeSpec::Now,
            ops::TimeSpec::Now,
            true
        ),
        Err(Errno::EACCES)
    );
}
