#!/usr/bin/env python3
"""The text of each poisoned and benign tool of the MCP corpus, read from its source (issue 11).

A development harness for the poisoning indicators, independent of the scanner's own
source readers: for every row of bench/mcp-corpus/tools.tsv whose set is `poisoned` or
`benign`, it reads the tool's description and parameters at `defined` and prints one JSON
line per tool:

  {"repo", "server", "server_name", "tool", "set", "kind", "defined",
   "description", "params": [{"name", "description"}], "found"}

`found` is false when no description text was found at `defined` (the row still prints,
with what was found). How the text is found:

  Python      the standard library's `ast`: the decorator or call at `defined`
              (`@mcp.tool(description=…)`, `mcp.tool()(fn)`, `Tool(name=…, description=…,
              inputSchema=…)`, `Tool.from_function(fn, …)`, `add_tool(fn)`), else the
              function's docstring; parameters from the signature (`Annotated[…,
              Field(description=…)]`, `= Field(…, description=…)`) or the input schema
              (a dict literal, or a pydantic model's `Field`s); strings resolved through
              module constants, concatenations, f-strings and `.format`; a docstring
              assigned later (`fn.__doc__ = …`, the rug pull) is added to the description.
              A function named in another module is looked up in the server's files.
  TypeScript  a small tokenizer: the bracketed block that starts on (or encloses) the
  and Go      `defined` line; `description:` / `Description:` values (string literals
              joined by `+`, the last string of a call such as Go's `t("KEY", "text")`, a
              constant of the file), `.describe("…")`, mcp-go's `WithDescription("…")`
              and `Description("…")` inside `WithString("name", …)`, and
              `MustTool(name, "description", …)`; the first description at the shallowest
              depth is the tool's, the others are its parameters', named by the key
              (`"name": {…}`, `name: z…`) or the `With…("name", …)` call that holds them.

  python3 bench/mcp-descriptions.py [--corpus DIR] [--tsv FILE] > descriptions.jsonl
  python3 bench/mcp-descriptions.py --rate [--list]

--rate runs the indicator catalogue, the shadowing facts and the poisoning rating of this
checkout over those texts (`go test ./compliance -run TestPoisoningHarness`, which reads and
writes the JSON lines through MCP_COMPLY_DESCRIPTIONS and MCP_COMPLY_RATINGS) and prints
poisoning recall at medium+ and high+, the benign tools rated medium+ and high+, and (with
--list) every poisoned tool missed and every benign tool rated low or above.

The corpus uses Python 3.12 f-strings (PEP 701): run it with Python 3.12 or later, or the
files that do not parse are counted as "without a description" on stderr.

Standard library only; output in the order of tools.tsv, deterministic.
"""
import argparse, ast, importlib.util, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load_hand(path):
    """The hand counts' rows, read as bench/mcp-quality.py reads them."""
    spec = importlib.util.spec_from_file_location("mcp_quality", os.path.join(HERE, "mcp-quality.py"))
    quality = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(quality)
    return quality.load_hand(path)


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


# ---------------------------------------------------------------- Python

class PyModule:
    """One parsed Python file: its module-level string constants, functions and classes."""

    def __init__(self, path, src):
        self.path = path
        self.tree = ast.parse(src)
        self.consts, self.funcs, self.classes, self.docs = {}, {}, {}, {}
        for node in ast.walk(self.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.funcs.setdefault(node.name, node)
            elif isinstance(node, ast.ClassDef):
                self.classes.setdefault(node.name, node)
        for node in self.tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                self.consts[node.targets[0].id] = node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                self.consts[node.target.id] = node.value
        for cls in self.classes.values():  # class attributes: Class.NAME
            for node in cls.body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    self.consts.setdefault(cls.name + "." + node.targets[0].id, node.value)
        for node in ast.walk(self.tree):  # fn.__doc__ = …, anywhere
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Attribute) and t.attr == "__doc__" and isinstance(t.value, ast.Name):
                        self.docs.setdefault(t.value.id, []).append(node.value)


class PyProject:
    """The Python files of one server directory, parsed on demand."""

    def __init__(self, root):
        self.root, self.mods = root, {}

    def mod(self, rel):
        if rel not in self.mods:
            src = read(os.path.join(self.root, rel))
            try:
                self.mods[rel] = PyModule(rel, src) if src is not None else None
            except SyntaxError:
                self.mods[rel] = None
        return self.mods[rel]

    def files(self, scope):
        base = os.path.join(self.root, scope)
        if os.path.isfile(base):
            base = os.path.dirname(base)
        out = []
        for d, dirs, fs in os.walk(base):
            dirs[:] = sorted(x for x in dirs if x not in ("node_modules", ".venv", "venv", "tests", "test", "__pycache__"))
            for f in sorted(fs):
                if f.endswith(".py"):
                    out.append(os.path.relpath(os.path.join(d, f), self.root))
        return out

    def find(self, scope, pred):
        for rel in self.files(scope):
            m = self.mod(rel)
            if m is not None:
                v = pred(m)
                if v is not None:
                    return m, v
        return None, None


def pystr(node, mod, proj=None, scope=None, depth=0):
    """The text of a string expression, resolving what can be resolved; None when it is not text."""
    if node is None or depth > 8:
        return None
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        out = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                out.append(str(v.value))
            elif isinstance(v, ast.FormattedValue):
                s = pystr(v.value, mod, proj, scope, depth + 1)
                out.append(s if s is not None else "{" + ast.unparse(v.value) + "}")
        return "".join(out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = pystr(node.left, mod, proj, scope, depth + 1), pystr(node.right, mod, proj, scope, depth + 1)
        if a is None and b is None:
            return None
        return (a or "") + (b or "")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return pystr(node.left, mod, proj, scope, depth + 1)
    if isinstance(node, ast.Name):
        if node.id in mod.consts:
            return pystr(mod.consts[node.id], mod, proj, scope, depth + 1)
        if proj is not None:
            m, v = proj.find(scope, lambda m: m.consts.get(node.id))
            if m is not None:
                return pystr(v, m, proj, scope, depth + 1)
        return None
    if isinstance(node, ast.Attribute):
        key = ast.unparse(node)
        if key in mod.consts:
            return pystr(mod.consts[key], mod, proj, scope, depth + 1)
        if proj is not None:
            m, v = proj.find(scope, lambda m: m.consts.get(key) or m.consts.get(node.attr))
            if m is not None:
                return pystr(v, m, proj, scope, depth + 1)
        return None
    if isinstance(node, ast.Call):
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if name == "format" and isinstance(f, ast.Attribute):
            return pystr(f.value, mod, proj, scope, depth + 1)
        if name in ("dedent", "strip", "cleandoc", "str") :
            if node.args:
                return pystr(node.args[0], mod, proj, scope, depth + 1)
            if isinstance(f, ast.Attribute):
                return pystr(f.value, mod, proj, scope, depth + 1)
        if name == "join" and node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
            sep = pystr(f.value, mod) or ""
            parts = [pystr(e, mod, proj, scope, depth + 1) or "" for e in node.args[0].elts]
            return sep.join(parts)
    return None


def kwarg(call, name):
    for k in call.keywords:
        if k.arg == name:
            return k.value
    return None


def field_description(node, mod, proj, scope):
    """description= of a Field(…) call, or of the Field inside Annotated[…]."""
    if isinstance(node, ast.Call):
        d = kwarg(node, "description")
        if d is not None:
            return pystr(d, mod, proj, scope)
    if isinstance(node, ast.Subscript) and ast.unparse(node.value).endswith("Annotated"):
        elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        for e in elts[1:]:
            s = field_description(e, mod, proj, scope)
            if s is not None:
                return s
            s = pystr(e, mod, proj, scope)
            if s is not None:
                return s
    return None


def py_params(fn, mod, proj, scope):
    out = []
    args = fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs
    defaults = [None] * (len(fn.args.posonlyargs + fn.args.args) - len(fn.args.defaults)) + list(fn.args.defaults) + list(fn.args.kw_defaults)
    for a, d in zip(args, defaults):
        if a.arg in ("self", "cls", "ctx", "context"):
            continue
        ann = ast.unparse(a.annotation) if a.annotation is not None else ""
        if ann.endswith("Context") and "Annotated" not in ann:
            continue
        desc = field_description(a.annotation, mod, proj, scope) if a.annotation is not None else None
        if desc is None and d is not None:
            desc = field_description(d, mod, proj, scope)
        out.append({"name": a.arg, "description": desc or ""})
    return out


def model_params(cls, mod, proj, scope):
    out = []
    for node in cls.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            desc = field_description(node.annotation, mod, proj, scope)
            if desc is None and node.value is not None:
                desc = field_description(node.value, mod, proj, scope)
            out.append({"name": node.target.id, "description": desc or ""})
    return out


def schema_params(node, mod, proj, scope):
    """The properties of an input schema: a dict literal or Model.model_json_schema()."""
    if isinstance(node, ast.Name) and node.id in mod.consts:
        node = mod.consts[node.id]
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values):
            if isinstance(k, ast.Constant) and k.value == "properties" and isinstance(v, ast.Dict):
                out = []
                for pk, pv in zip(v.keys, v.values):
                    if isinstance(pk, ast.Constant) and isinstance(pv, ast.Dict):
                        desc = ""
                        for dk, dv in zip(pv.keys, pv.values):
                            if isinstance(dk, ast.Constant) and dk.value == "description":
                                desc = pystr(dv, mod, proj, scope) or ""
                        out.append({"name": str(pk.value), "description": desc})
                return out
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("model_json_schema", "schema"):
        cname = ast.unparse(node.func.value).split(".")[-1]
        m, cls = (mod, mod.classes.get(cname))
        if cls is None:
            m, cls = proj.find(scope, lambda m: m.classes.get(cname))
        if cls is not None:
            return model_params(cls, m, proj, scope)
    return []


def py_function(name, mod, proj, scope):
    if name in mod.funcs:
        return mod, mod.funcs[name]
    m, fn = proj.find(scope, lambda m: m.funcs.get(name))
    return m, fn


def py_tool(fn, fmod, proj, scope, desc_node=None, dmod=None):
    desc = pystr(desc_node, dmod or fmod, proj, scope) if desc_node is not None else None
    if desc is None and fn is not None:
        desc = ast.get_docstring(fn, clean=False)
    params = py_params(fn, fmod, proj, scope) if fn is not None else []
    swaps = []
    if fn is not None:
        for v in fmod.docs.get(fn.name, []):
            s = pystr(v, fmod, proj, scope)
            if s:
                swaps.append(s)
    text = "\n".join(x for x in [desc] + swaps if x)
    return text, params, desc is not None or bool(swaps)


def callee_name(call):
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def python_tool(proj, row):
    rel, line = row["defined"].rsplit(":", 1)
    line = int(line)
    mod = proj.mod(rel)
    scope = row["server"]
    if mod is None:
        return "", [], False
    # A decorator on the line.
    for node in ast.walk(mod.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for dec in node.decorator_list:
                if dec.lineno <= line <= dec.end_lineno and (dec.lineno == line or node.lineno != line):
                    call = dec if isinstance(dec, ast.Call) else None
                    dnode = kwarg(call, "description") if call is not None else None
                    return py_tool(node, mod, proj, scope, dnode)
            if node.lineno == line and node.decorator_list:
                return py_tool(node, mod, proj, scope)
    # A call on the line: the outermost one that starts there.
    calls = [n for n in ast.walk(mod.tree) if isinstance(n, ast.Call) and n.lineno == line]
    calls.sort(key=lambda n: (n.col_offset, -(n.end_lineno * 10000 + n.end_col_offset)))
    for call in calls:
        name = callee_name(call)
        if name == "Tool" or name.endswith("Tool") and kwarg(call, "inputSchema") is not None:
            d = pystr(kwarg(call, "description"), mod, proj, scope)
            params = schema_params(kwarg(call, "inputSchema") or kwarg(call, "input_schema"), mod, proj, scope)
            return d or "", params, d is not None
        inner = call.func if isinstance(call.func, ast.Call) else call
        target = None
        if isinstance(call.func, ast.Call) and call.args:
            target = call.args[0]  # mcp.tool(…)(fn), audited_tool(mcp, "name")(fn)
        elif call.args or kwarg(call, "fn") is not None:
            target = call.args[0] if call.args else kwarg(call, "fn")  # mcp.tool(fn), add_tool(fn), Tool.from_function(fn=…)
        dnode = kwarg(inner, "description") or kwarg(call, "description")
        fname = None
        if isinstance(target, ast.Name):
            fname = target.id
        elif isinstance(target, ast.Attribute):
            fname = target.attr
        elif isinstance(target, ast.Call) and callee_name(target) == "getattr":
            fname = row["tool"]
        if fname is None:
            continue
        fmod, fn = py_function(fname, mod, proj, scope)
        if fn is None:
            fmod, fn = py_function(row["tool"], mod, proj, scope)
        if fn is not None or dnode is not None:
            return py_tool(fn, fmod or mod, proj, scope, dnode, mod)
    # Last resort: a function of the tool's name in the server.
    fmod, fn = py_function(row["tool"], mod, proj, scope)
    if fn is not None:
        return py_tool(fn, fmod, proj, scope)
    return "", [], False


# ---------------------------------------------------------------- TypeScript and Go

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<str>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)
  | (?P<ident>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<punct>.)
""", re.X | re.S)

ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "`": "`", "0": "\0"}


def unquote(s):
    q, body = s[0], s[1:-1]
    if q == "`":
        return body  # a raw string in Go; a template literal in TS (${…} kept as written)

    def esc(m):
        c = m.group(1)
        if c[0] == "u":
            try:
                return chr(int(c[2:-1] if c[1] == "{" else c[1:5], 16))
            except ValueError:
                return m.group(0)
        if c[0] == "x":
            return chr(int(c[1:], 16))
        return ESC.get(c, c)

    return re.sub(r"\\(u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|.)", esc, body, flags=re.S)


def tokens(src):
    out = []
    for m in TOKEN.finditer(src):
        k = m.lastgroup
        if k in ("ws", "comment"):
            continue
        out.append((k, m.group(), m.start()))
    return out


OPEN, CLOSE = "({[", ")}]"


def block(toks, src, line):
    """The token range of the bracketed block that starts on the line, or encloses it."""
    start = sum(len(l) + 1 for l in src.split("\n")[: line - 1])
    end_line = src.find("\n", start)
    end_line = len(src) if end_line < 0 else end_line
    stack = []
    for i, (k, v, pos) in enumerate(toks):
        if pos >= start:
            break
        if k == "punct" and v in OPEN:
            stack.append(i)
        elif k == "punct" and v in CLOSE and stack:
            stack.pop()
    first = next((i for i, t in enumerate(toks) if t[2] >= start), len(toks))
    # the openers at the line's outermost level; the widest is the block
    openers, depth = [], 0
    for i in range(first, len(toks)):
        if toks[i][2] > end_line:
            break
        if toks[i][0] == "punct" and toks[i][1] in OPEN:
            if depth == 0:
                openers.append(i)
            depth += 1
        elif toks[i][0] == "punct" and toks[i][1] in CLOSE:
            depth -= 1
            if depth < 0:
                break
    if not openers:
        if not stack:
            return first, len(toks)
        openers = [stack[-1]]
    best = None
    for o in openers:
        span = (o, closing(toks, o))
        if best is None or span[1] - span[0] > best[1] - best[0]:
            best = span
    return best


def closing(toks, opener):
    """The index after the bracket that closes toks[opener]."""
    depth = 0
    for j in range(opener, len(toks)):
        k, v, _ = toks[j]
        if k == "punct" and v in OPEN:
            depth += 1
        elif k == "punct" and v in CLOSE:
            depth -= 1
            if depth == 0:
                return j + 1
    return len(toks)


def consts(toks):
    """NAME = "text" (+ "text") and NAME := … in a file."""
    out = {}
    for i in range(len(toks) - 3):
        if toks[i][0] != "ident":
            continue
        j = i + 2 if toks[i + 1][1] == "=" else i + 3 if toks[i + 1][1] == ":" and toks[i + 2][1] == "=" else None
        if j is not None and toks[j][0] == "str":
            s, _ = expr(toks, j, {})
            if s is not None:
                out.setdefault(toks[i][1], s)
    funcs = {}  # func NAME(…) … {…}: the strings of its body, for descriptions built by a function
    for i in range(len(toks) - 2):
        if toks[i][1] == "func" and toks[i + 1][0] == "ident" and toks[i + 2][1] == "(":
            j = closing(toks, i + 2)
            while j < len(toks) and toks[j][1] != "{":
                j += 1
            if j < len(toks):
                body = toks[j:closing(toks, j)]
                funcs.setdefault(toks[i + 1][1], "\n".join(unquote(t[1]) for t in body if t[0] == "str" and len(t[1]) > 20))
    out["\0funcs"] = funcs
    return out


def expr(toks, i, cs):
    """A string expression at i: literals and constants joined by +, or the last string of a call."""
    parts, j = [], i
    while j < len(toks):
        k, v, _ = toks[j]
        if k == "str":
            parts.append(unquote(v))
            j += 1
        elif k == "ident" and j + 1 < len(toks) and toks[j + 1][1] == "(":
            # t("KEY", "text"), dedent(`…`), fmt.Sprintf("…", …): the last string argument,
            # or the first for a format call.
            depth, strs, k2 = 0, [], j + 1
            while k2 < len(toks):
                if toks[k2][1] in OPEN and toks[k2][0] == "punct":
                    depth += 1
                elif toks[k2][1] in CLOSE and toks[k2][0] == "punct":
                    depth -= 1
                    if depth == 0:
                        break
                elif toks[k2][0] == "str" and depth == 1:
                    strs.append(unquote(toks[k2][1]))
                k2 += 1
            if not strs and v in cs.get("\0funcs", {}):
                strs = [cs["\0funcs"][v]]
            if not strs:
                break
            parts.append(strs[0] if v in ("Sprintf", "Errorf", "format") else strs[-1])
            j = k2 + 1
        elif k == "ident" and v in cs:
            parts.append(cs[v])
            j += 1
        elif k == "ident" and j + 2 < len(toks) and toks[j + 1][1] == "." and toks[j + 2][0] == "ident":
            j += 2  # pkg.NAME
            continue
        else:
            break
        if j < len(toks) and toks[j][1] == "+":
            j += 1
            continue
        break
    return ("".join(parts) if parts else None), j


def key_before(toks, i, lo):
    """The key that names the object or call holding token i: "name": {…}, name: z…, With…("name", …)."""
    depth = 0
    j = i - 1
    while j > lo:
        k, v, _ = toks[j]
        if k == "punct" and v in CLOSE:
            depth += 1
        elif k == "punct" and v in OPEN:
            if depth == 0:
                # the opener of what holds i
                if v == "(" and toks[j - 1][0] == "ident" and toks[j - 1][1].startswith("With") and toks[j + 1][0] == "str":
                    return unquote(toks[j + 1][1])
                if v == "{" and toks[j - 1][1] == ":" and toks[j - 2][0] in ("str", "ident"):
                    key = toks[j - 2][1]
                    return unquote(key) if toks[j - 2][0] == "str" else key
                if v == "(" and toks[j - 1][0] == "ident":
                    depth = 0  # z.object({…}).describe(…): keep looking outwards
            else:
                depth -= 1
        elif k == "punct" and v == ":" and depth == 0 and toks[j - 1][0] in ("ident", "str"):
            key = toks[j - 1][1]
            return unquote(key) if toks[j - 1][0] == "str" else key
        elif k == "punct" and v == "," and depth == 0:
            pass
        j -= 1
    return ""


def scan(toks, lo, hi, cs, tool):
    """The descriptions in toks[lo:hi]: (depth, index, text)."""
    found, depth = [], 0
    for i in range(lo, hi):
        k, v, _ = toks[i]
        if k == "punct" and v in OPEN:
            depth += 1
            continue
        if k == "punct" and v in CLOSE:
            depth -= 1
            continue
        text, at = None, depth
        if k in ("ident", "str") and v.strip("\"'") in ("description", "Description") and i + 1 < hi and toks[i + 1][1] == ":":
            text, _ = expr(toks, i + 2, cs)
        elif k == "ident" and v in ("describe", "Description") and i + 1 < hi and toks[i + 1][1] == "(":
            text, _ = expr(toks, i + 2, cs)
            at = depth + 1
        elif k == "ident" and v == "WithDescription" and i + 1 < hi and toks[i + 1][1] == "(":
            text, _ = expr(toks, i + 2, cs)
            at = 0
        elif k == "str" and unquote(v) == tool and i + 2 < hi and toks[i + 1][1] == "," and toks[i + 2][0] in ("str", "ident"):
            # positional: MustTool("name", "description", …), helper(t, "name", "description", …)
            text, _ = expr(toks, i + 2, cs)
            at = 0
        if text is not None:
            found.append((at, i, text))
    return found


def objects(toks):
    """NAME = {…} in a file: the token range of each object constant."""
    out = {}
    for i in range(len(toks) - 2):
        if toks[i][0] == "ident" and toks[i + 1][1] == "=" and toks[i + 2][1] == "{":
            depth = 0
            for j in range(i + 2, len(toks)):
                if toks[j][0] == "punct" and toks[j][1] in OPEN:
                    depth += 1
                elif toks[j][0] == "punct" and toks[j][1] in CLOSE:
                    depth -= 1
                    if depth == 0:
                        out.setdefault(toks[i][1], (i + 2, j + 1))
                        break
    return out


def code_tool(path, row):
    src = read(path)
    if src is None:
        return "", [], False
    toks = tokens(src)
    cs = consts(toks)
    line = int(row["defined"].rsplit(":", 1)[1])
    lo, hi = block(toks, src, line)
    found = scan(toks, lo, hi, cs, row["tool"])
    if not found:
        # registerTool(name, config, …): the object constants the call names
        objs = objects(toks)
        for i in range(lo, hi):
            if toks[i][0] == "ident" and toks[i][1] in objs and toks[i - 1][1] in ("(", ","):
                olo, ohi = objs[toks[i][1]]
                found += scan(toks, olo, ohi, cs, row["tool"])
                lo = olo
    if not found:
        return "", [], False
    top = min(d for d, _, _ in found)
    desc, params = None, []
    for d, i, text in found:
        if desc is None and d == top:
            desc = text
            continue
        params.append({"name": key_before(toks, i, 0), "description": text})
    return desc or "", params, desc is not None


SEV = {"none": -1, "info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


def describe(args):
    projects, out, missing = {}, [], 0
    for row in load_hand(args.tsv):
        if row.get("set") not in ("poisoned", "benign"):
            continue
        root = os.path.join(args.corpus, row["repo"].replace("/", "+"))
        rel = row["defined"].rsplit(":", 1)[0]
        if row["language"] == "python":
            proj = projects.setdefault(root, PyProject(root))
            desc, params, found = python_tool(proj, row)
        else:
            desc, params, found = code_tool(os.path.join(root, rel), row)
        missing += not found
        d = {k: row[k] for k in ("repo", "server", "server_name", "tool", "set", "kind", "defined")}
        d.update(description=desc, params=params, found=found)
        out.append(d)
    print(f"mcp-descriptions: {missing} tool(s) without a description found", file=sys.stderr)
    return out


def rate(tools, list_all):
    with tempfile.TemporaryDirectory() as tmp:
        din, dout = os.path.join(tmp, "descriptions.jsonl"), os.path.join(tmp, "ratings.jsonl")
        with open(din, "w", encoding="utf-8") as f:
            for d in tools:
                f.write(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n")
        env = dict(os.environ, MCP_COMPLY_DESCRIPTIONS=din, MCP_COMPLY_RATINGS=dout)
        subprocess.run(["go", "test", "./compliance", "-run", "^TestPoisoningHarness$", "-count=1"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        with open(dout, encoding="utf-8") as f:
            ratings = [json.loads(l) for l in f]
    by = {"poisoned": [], "benign": []}
    for r in ratings:
        by[r["set"]].append(r)

    def n(rs, sev):
        return sum(SEV[r["severity"]] >= SEV[sev] for r in rs)

    def pct(a, b):
        return f"{100 * a / b:.1f}%" if b else "-"

    p, b = by["poisoned"], by["benign"]
    print(f"poisoning recall:  {n(p, 'medium')} of {len(p)} poisoned tools at medium+ ({pct(n(p, 'medium'), len(p))}), "
          f"{n(p, 'high')} at high+ ({pct(n(p, 'high'), len(p))})")
    print(f"false positives:   {n(b, 'medium')} of {len(b)} benign tools at medium+ ({pct(n(b, 'medium'), len(b))}), "
          f"{n(b, 'high')} at high+ ({pct(n(b, 'high'), len(b))}); {n(b, 'low')} at low+")
    if list_all:
        print("\npoisoned below medium:")
        for r in p:
            if SEV[r["severity"]] < SEV["medium"]:
                print(f"  {r['repo']} {r['server']} {r['tool']}: {r['severity']} {'; '.join(r['findings'])}")
        print("\nbenign at low or above:")
        for r in sorted(b, key=lambda r: (-SEV[r["severity"]], r["repo"], r["server"], r["tool"])):
            if SEV[r["severity"]] >= SEV["low"]:
                print(f"  {r['severity']:8} {r['repo']} {r['tool']}: {'; '.join(r['findings'])}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(ROOT), "corpus", "mcp"))
    ap.add_argument("--tsv", default=os.path.join(HERE, "mcp-corpus", "tools.tsv"))
    ap.add_argument("--rate", action="store_true", help="rate the texts with this checkout and print the figures")
    ap.add_argument("--list", action="store_true", help="with --rate, list the misses and the benign tools flagged")
    args = ap.parse_args()
    if not os.path.isdir(args.corpus):
        # From a worktree the default (beside the checkout) is not the corpus:
        # say so instead of counting every tool as without a description.
        sys.exit(f"mcp-descriptions: no corpus at {args.corpus} (give --corpus DIR; bench/mcp-corpus.sh builds it)")
    tools = describe(args)
    if args.rate:
        rate(tools, args.list)
        return
    for d in tools:
        print(json.dumps(d, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
