//! The accounts of a stock Debian 12 host: `/etc/passwd` and `/etc/group`
//! as the installer leaves them (base-passwd 3.6.1's accounts, the
//! packages' system users, then the first user, `user`, uid 1000, in the
//! groups Debian's installer gives the first user: cdrom, floppy, sudo,
//! audio, dip, video, plugdev, users, netdev), read by `id`, `groups` and
//! `whoami`; and the home directories' dotfiles: `/etc/skel`'s from bash
//! 5.2.15 and root's from base-files 12.4 (`/usr/share/base-files/dot.bashrc`,
//! `dot.profile`), copied byte for byte from a Debian 12 system, with the
//! shell's system-wide start-up files (`/etc/profile` from base-files,
//! `/etc/bash.bashrc` from bash).

/// `/etc/passwd`.
pub const PASSWD: &str = "root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin
systemd-timesync:x:997:997:systemd Time Synchronization:/:/usr/sbin/nologin
messagebus:x:100:107::/nonexistent:/usr/sbin/nologin
sshd:x:101:65534::/run/sshd:/usr/sbin/nologin
user:x:1000:1000:user,,,:/home/user:/bin/bash
";

/// `/etc/group`.
pub const GROUP: &str = "root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:user
floppy:x:25:user
tape:x:26:
sudo:x:27:user
audio:x:29:user
dip:x:30:user
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:user
sasl:x:45:
plugdev:x:46:user
staff:x:50:
games:x:60:
users:x:100:user
nogroup:x:65534:
systemd-journal:x:999:
systemd-network:x:998:
systemd-timesync:x:997:
netdev:x:106:user
messagebus:x:107:
_ssh:x:101:
user:x:1000:
";

/// `/etc/skel/.bashrc` (bash 5.2.15-2).
pub const SKEL_BASHRC: &str = include_str!("dotfiles/skel.bashrc");
/// `/etc/skel/.profile` (bash 5.2.15-2).
pub const SKEL_PROFILE: &str = include_str!("dotfiles/skel.profile");
/// `/etc/skel/.bash_logout` (bash 5.2.15-2).
pub const SKEL_BASH_LOGOUT: &str = include_str!("dotfiles/skel.bash_logout");
/// `/root/.bashrc` (base-files' `dot.bashrc`).
pub const ROOT_BASHRC: &str = include_str!("dotfiles/root.bashrc");
/// `/root/.profile` (base-files' `dot.profile`).
pub const ROOT_PROFILE: &str = include_str!("dotfiles/root.profile");
/// `/etc/profile` (base-files 12.4).
pub const ETC_PROFILE: &str = include_str!("dotfiles/etc.profile");
/// `/etc/bash.bashrc` (bash 5.2.15-2).
pub const ETC_BASH_BASHRC: &str = include_str!("dotfiles/etc.bash.bashrc");
