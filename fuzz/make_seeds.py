#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/<target>/ from the project's own
fixtures: the real capture core/tests/fixtures/wire/lo.pcap (the same bytes as
core/src/wire/fixtures.rs), the stock Debian files, and real command lines
taken from the test suites. Run from the repository root; idempotent."""
import hashlib, os, re, struct, glob

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


pcap = open(os.path.join(ROOT, "core/tests/fixtures/wire/lo.pcap"), "rb").read()
put("pcap", pcap)
frames, off = [], 24
while off + 16 <= len(pcap):
    incl = struct.unpack("<I", pcap[off + 8:off + 12])[0]
    frames.append(pcap[off + 16:off + 16 + incl])
    off += 16 + incl
for frame in frames:
    ip = frame[14:]
    put("dissect", frame)
    put("dissect", ip)
    put("datagram", ip)
    if ip[0] >> 4 == 4:
        put("ipv4", ip)
        ihl = (ip[0] & 15) * 4
        proto, payload = ip[9], ip[ihl:struct.unpack(">H", ip[2:4])[0]]
    else:
        put("ipv6", ip)
        proto, payload = ip[6], ip[40:]
    target = {1: "icmpv4", 58: "icmpv6", 6: "tcp", 17: "udp"}.get(proto)
    if target:
        put(target, payload)
    if proto in (1, 58) and len(payload) > 8:
        # ICMP errors quote a datagram: the quoted header seeds the IP parsers too.
        put("ipv4" if proto == 1 else "ipv6", payload[8:])

put("hosts", """127.0.0.1\tlocalhost
127.0.1.1\tlab

# The following lines are desirable for IPv6 capable hosts
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
""")
put("hosts", "10.0.0.9 web web.local\n127.0.0.1 a\t b # c\n::ffff:1.2.3.4 m\n1.2.3 short\n0x7f.1 hex\nbad line\n")
put("nsswitch", "passwd:         files\ngroup:          files\nhosts:          files dns\nnetworks:       files\n")
put("nsswitch", "hosts: files [NOTFOUND=return] mdns4_minimal [!UNAVAIL=continue] dns myhostname\n")
put("gaiconf", "# glibc's gai.conf is all comments on Debian\n#precedence ::ffff:0:0/96  100\n")
put("gaiconf", "reload yes\nlabel ::1/128 0\nlabel ::/0 1\nprecedence ::ffff:0:0/96 100\nscopev4 ::ffff:169.254.0.0/112 2\nscopev4 ::ffff:127.0.0.0/104 2\n")
put("resolvconf", "nameserver 192.168.1.1\nsearch lan example.com\noptions ndots:2 timeout:1 attempts:3\n")
put("resolvconf", "domain home\nnameserver ::1\nnameserver 1.1.1.1\nnameserver 8.8.8.8\nnameserver 9.9.9.9\n; comment\n")

# Real command lines from the tests: every string literal passed to run(...).
COMMAND = re.compile(r"^(sudo |su$|cat |clear|dmesg|echo |false|getent |help|hostname|ifconfig|ip |ping |ssh |sleep |sysctl |true|uname|whoami|jobs|kill |wait|fg|ps$)")
lines = set()
for path in glob.glob(os.path.join(ROOT, "core", "**", "*.rs"), recursive=True):
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', text):
        line = m.group(1).encode().decode("unicode_escape")
        if "\n" not in line and len(line) < 300 and COMMAND.match(line):
            lines.add(line)
lines = sorted(lines)
for line in lines:
    put("shell_parse", line)
# lab_run: byte 0 = 0 means plain lines; a few lines per input keep state.
for i in range(0, len(lines), 3):
    put("lab_run", b"\x00" + "\n".join(lines[i:i + 3]).encode())
for line in ["ping 127.0.0.1", "ping -i 0.2 ::1", "sleep 100 & ping localhost", "ip netns add a; ip netns exec a ping 127.0.0.1"]:
    put("lab_run", b"\x01" + line.encode())
print(f"{len(frames)} frames, {len(lines)} command lines")
