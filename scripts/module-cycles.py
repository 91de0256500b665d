#!/usr/bin/env python3
"""Module graph of a crate's src/: every `crate::a::b` path (use lines and
inline paths, comments and doc comments excluded) resolved to the longest
module file that exists; prints cycles (strongly connected components)."""
import os, re, sys
root = sys.argv[1] if len(sys.argv) > 1 else "web/src"
level = sys.argv[2] if len(sys.argv) > 2 else "file"
mods = {}
for d, _, fs in os.walk(root):
    for f in fs:
        if not f.endswith(".rs"): continue
        p = os.path.join(d, f)
        rel = os.path.relpath(p, root)[:-3].split(os.sep)
        if rel[-1] in ("mod", "lib", "main"): rel = rel[:-1]
        mods[tuple(rel)] = p
def resolve(parts):
    for n in range(len(parts), 0, -1):
        if tuple(parts[:n]) in mods: return tuple(parts[:n])
    return None
def strip(src):
    src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
    return "\n".join(l.split("//")[0] for l in src.splitlines())
path_re = re.compile(r"crate::((?:\w+::)*\w+|(?:\w+::)*\{)")
edges = {}
for m, p in mods.items():
    src = strip(open(p).read())
    # expand `use crate::{a, b::c}` groups at the top level
    for g in re.finditer(r"crate::\{([^;]*)\}", src):
        for item in re.split(r",(?![^{]*\})", g.group(1)):
            item = item.strip().split("::{")[0].split(" as ")[0]
            if item: src += "\ncrate::" + item.replace(" ", "")
    for u in re.finditer(r"crate::((?:\w+::)*\w+)", src):
        t = resolve(u.group(1).split("::"))
        if t and t != m:
            if level == "dir": 
                a, b = m[:1], t[:1]
                if a != b: edges.setdefault(a, set()).add(b)
            else:
                # a module using its own child is not a cycle edge upward
                edges.setdefault(m, set()).add(t)
    # `super::` paths
    for u in re.finditer(r"\bsuper::((?:\w+::)*\w+)", src):
        base = list(m[:-1]) if not mods[m].endswith("mod.rs") else list(m[:-1])
        t = resolve(base + u.group(1).split("::"))
        if t and t != m and level == "file":
            edges.setdefault(m, set()).add(t)
# Tarjan
idx, low, st, on, out, n = {}, {}, [], set(), [], [0]
def sc(v):
    idx[v] = low[v] = n[0]; n[0] += 1; st.append(v); on.add(v)
    for w in edges.get(v, ()):
        if w not in idx: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], idx[w])
    if low[v] == idx[v]:
        c = []
        while True:
            w = st.pop(); on.discard(w); c.append(w)
            if w == v: break
        if len(c) > 1: out.append(c)
sys.setrecursionlimit(10000)
for v in list(edges): 
    if v not in idx: sc(v)
name = lambda t: "/".join(t) or "lib"
if "-v" in sys.argv:
    for a in sorted(edges): print(name(a), "->", ", ".join(sorted(map(name, edges[a]))))
for c in out: print("CYCLE:", " <-> ".join(sorted(map(name, c))))
print(f"{len(out)} cycle(s) among {len(mods)} modules ({level} level)")
