#!/usr/bin/env python3
"""Checks of docker/Dockerfile and docker-compose.yml that need no Docker engine (run by scripts/check_docker.sh).

  docker_check.py compose CONFIG.yml        structural checks of `docker-compose config` output against the code
  docker_check.py dockerfile                static checks of the Dockerfile (stages, COPY sources vs .dockerignore,
                                            build args and targets docker-compose.yml uses)
  docker_check.py emulate OUT IMAGE...      executes the Dockerfile's stages outside Docker, IMAGE = name:target[:K=V,...]
                                            (e.g. afiliados:runtime:APP=afiliados,PORT=8001); writes OUT/<name>.json
                                            with the image's root directory, WORKDIR, ENV, USER, CMD, HEALTHCHECK

The emulation is a stand-in for `docker build`, not a container runtime: every stage is a directory; FROM an
external image starts empty and the host's node/npm stand in for the image's; RUN runs `sh -c` in the stage's
WORKDIR with the stage's ARG/ENV (and the host's PATH); COPY follows Docker's rules (directory sources copy their
contents, the root .dockerignore filters the context); USER, --chown and EXPOSE are recorded, not enforced. RUN
commands must therefore use paths relative to WORKDIR, which docker/Dockerfile does.

Only the standard library and PyYAML (a dependency of docker-compose) are needed.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DOCKERFILE = os.path.join(ROOT, 'docker', 'Dockerfile')
DOCKERIGNORE = os.path.join(ROOT, '.dockerignore')
COMPOSE_FILE = os.path.join(ROOT, 'docker-compose.yml')

errors: list[str] = []
notes: list[str] = []


def fail(msg: str) -> None:
    errors.append(msg)
    print(f'  FAIL  {msg}')


def ok(msg: str) -> None:
    print(f'  ok    {msg}')


def note(msg: str) -> None:
    notes.append(msg)
    print(f'  note  {msg}')


def finish() -> int:
    print(f'{len(errors)} problem(s)' + (f', {len(notes)} note(s)' if notes else ''))
    return 1 if errors else 0


# ----------------------------------------------------------------------------------------------------------------
# Dockerfile parsing
# ----------------------------------------------------------------------------------------------------------------
@dataclass
class Instr:
    line: int
    keyword: str
    rest: str


@dataclass
class Stage:
    index: int
    base: str  # unsubstituted FROM reference
    name: str | None
    instrs: list[Instr] = field(default_factory=list)


def parse_dockerfile(path: str) -> tuple[list[Instr], list[Stage]]:
    """Global instructions (before the first FROM) and stages. Continuation lines are joined the way Docker does."""
    instrs: list[Instr] = []
    buf, start = '', 0
    for number, line in enumerate(open(path, encoding='utf-8').read().splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith('#'):
            continue  # comments, also those inside a continued instruction, are dropped as Docker does
        if not buf and not stripped:
            continue
        if not buf:
            start = number
        if line.rstrip().endswith('\\'):
            buf += line.rstrip()[:-1]
            continue
        buf += line
        keyword, _, rest = buf.strip().partition(' ')
        instrs.append(Instr(start, keyword.upper(), rest.strip()))
        buf = ''
    if buf:
        raise SystemExit(f'{path}: file ends inside a continued instruction')
    globals_: list[Instr] = []
    stages: list[Stage] = []
    for ins in instrs:
        if ins.keyword == 'FROM':
            words = ins.rest.split()
            words = [w for w in words if not w.startswith('--platform')]
            name = words[2] if len(words) >= 3 and words[1].lower() == 'as' else None
            stages.append(Stage(len(stages), words[0], name))
        elif not stages:
            globals_.append(ins)
        else:
            stages[-1].instrs.append(ins)
    return globals_, stages


_VAR = re.compile(r'\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))')


def substitute(text: str, env: dict[str, str]) -> str:
    def repl(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(4)
        value = env.get(name, '')
        if m.group(2) == ':-':
            return value if value else m.group(3)
        if m.group(2) == ':+':
            return m.group(3) if value else ''
        return value

    return _VAR.sub(repl, text)


def parse_kv(rest: str) -> list[tuple[str, str | None]]:
    """`ARG A=1 B`, `ENV A=1 B="x y"`, legacy `ENV A value`."""
    words = shlex.split(rest, posix=True)
    if len(words) >= 2 and '=' not in words[0]:
        return [(words[0], ' '.join(words[1:]))]
    out: list[tuple[str, str | None]] = []
    for w in words:
        k, eq, v = w.partition('=')
        out.append((k, v if eq else None))
    return out


def exec_form(rest: str) -> list[str] | None:
    rest = rest.strip()
    if rest.startswith('['):
        try:
            value = json.loads(rest)
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return value
        except json.JSONDecodeError:
            return None
    return None


def parse_copy(rest: str) -> tuple[dict[str, str], list[str], str]:
    words = shlex.split(rest, posix=True)
    flags: dict[str, str] = {}
    while words and words[0].startswith('--'):
        k, _, v = words.pop(0)[2:].partition('=')
        flags[k] = v
    if words and words[0].startswith('['):
        form = exec_form(rest[rest.index('['):])
        if form is None:
            raise ValueError(f'COPY: bad JSON form: {rest}')
        words = form
    if len(words) < 2:
        raise ValueError(f'COPY needs a source and a destination: {rest}')
    return flags, words[:-1], words[-1]


# ----------------------------------------------------------------------------------------------------------------
# .dockerignore (moby patternmatcher semantics: a path is excluded when it or one of its parent directories matches;
# the last matching pattern wins; `!` re-includes)
# ----------------------------------------------------------------------------------------------------------------
def _pattern_regex(pattern: str) -> re.Pattern[str]:
    out, i = '^', 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith('**', i):
            if pattern.startswith('**/', i):
                out += '(?:.*/)?'
                i += 3
            else:
                out += '.*'
                i += 2
            continue
        if c == '*':
            out += '[^/]*'
        elif c == '?':
            out += '[^/]'
        elif c == '[':
            j = pattern.find(']', i + 1)
            if j < 0:
                out += re.escape(c)
            else:
                cls = pattern[i + 1 : j]
                out += '[' + ('^' + cls[1:] if cls.startswith('^') else cls) + ']'
                i = j
        elif c == '\\' and i + 1 < len(pattern):
            i += 1
            out += re.escape(pattern[i])
        else:
            out += re.escape(c)
        i += 1
    return re.compile(out + '$')


class DockerIgnore:
    def __init__(self, path: str):
        self.rules: list[tuple[bool, re.Pattern[str], str]] = []
        if os.path.exists(path):
            for raw in open(path, encoding='utf-8').read().splitlines():
                p = raw.strip()
                if not p or p.startswith('#'):
                    continue
                negate = p.startswith('!')
                if negate:
                    p = p[1:].strip()
                p = os.path.normpath(p).lstrip('/')
                self.rules.append((negate, _pattern_regex(p), raw))
        self.has_exceptions = any(n for n, _, _ in self.rules)

    def excluded(self, rel: str) -> bool:
        parts = rel.split('/')
        candidates = ['/'.join(parts[: i + 1]) for i in range(len(parts))]
        result = False
        for negate, rx, _ in self.rules:
            if any(rx.match(c) for c in candidates):
                result = not negate
        return result

    def context_files(self, root: str) -> list[str]:
        """Every file of the build context after exclusions (directories pruned when no `!` rule could re-include)."""
        files: list[str] = []
        for dirpath, dirnames, filenames in os.walk(root):
            rel_dir = os.path.relpath(dirpath, root)
            rel_dir = '' if rel_dir == '.' else rel_dir
            if not self.has_exceptions:
                dirnames[:] = [d for d in dirnames if not self.excluded(os.path.join(rel_dir, d) if rel_dir else d)]
            for f in filenames:
                rel = os.path.join(rel_dir, f) if rel_dir else f
                if not self.excluded(rel):
                    files.append(rel)
        return sorted(files)


# ----------------------------------------------------------------------------------------------------------------
# Emulated build
# ----------------------------------------------------------------------------------------------------------------
@dataclass
class StageResult:
    root: str
    workdir: str = '/'
    env: dict[str, str] = field(default_factory=dict)
    user: str = 'root'
    cmd: list[str] | str | None = None
    healthcheck: dict[str, object] | None = None
    expose: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    base_image: str | None = None


class Emulator:
    def __init__(self, dockerfile: str, context: str, out: str):
        self.context = context
        self.out = out
        self.globals, self.stages = parse_dockerfile(dockerfile)
        self.ignore = DockerIgnore(os.path.join(context, '.dockerignore'))
        self.context_list: list[str] | None = None
        self.cache: dict[str, StageResult] = {}
        self.home = os.path.join(out, 'home')
        os.makedirs(self.home, exist_ok=True)

    def stage_by_ref(self, ref: str) -> Stage | None:
        for s in self.stages:
            if s.name == ref or str(s.index) == ref:
                return s
        return None

    def global_args(self, build_args: dict[str, str]) -> dict[str, str]:
        values: dict[str, str] = {}
        for ins in self.globals:
            if ins.keyword == 'ARG':
                for k, v in parse_kv(ins.rest):
                    values[k] = build_args.get(k, substitute(v, values) if v is not None else '')
        return values

    def files(self) -> list[str]:
        if self.context_list is None:
            self.context_list = self.ignore.context_files(self.context)
        return self.context_list

    def build(self, target: str, build_args: dict[str, str]) -> StageResult:
        stage = self.stage_by_ref(target)
        if stage is None:
            raise SystemExit(f'no stage named {target}')
        return self._build_stage(stage, build_args, self.global_args(build_args))

    def _cache_key(self, stage: Stage, build_args: dict[str, str], gargs: dict[str, str]) -> str:
        # A stage's result depends on its instructions, its parents and the ARG values it declares (as in Docker).
        h = hashlib.sha256()
        h.update(str(stage.index).encode())
        h.update(substitute(stage.base, gargs).encode())
        for ins in stage.instrs:
            h.update(f'{ins.keyword} {ins.rest}\n'.encode())
            if ins.keyword == 'ARG':
                for k, _ in parse_kv(ins.rest):
                    h.update(f'{k}={build_args.get(k, "")}'.encode())
            if ins.keyword == 'COPY':
                flags, _, _ = parse_copy(ins.rest)
                if 'from' in flags:
                    ref = self.stage_by_ref(flags['from'])
                    if ref:
                        h.update(self._cache_key(ref, build_args, gargs).encode())
        parent = self.stage_by_ref(substitute(stage.base, gargs))
        if parent and parent.index < stage.index:
            h.update(self._cache_key(parent, build_args, gargs).encode())
        return h.hexdigest()[:16]

    def _build_stage(self, stage: Stage, build_args: dict[str, str], gargs: dict[str, str]) -> StageResult:
        key = self._cache_key(stage, build_args, gargs)
        if key in self.cache:
            return self.cache[key]
        label = stage.name or str(stage.index)
        base = substitute(stage.base, gargs)
        root = os.path.join(self.out, 'stages', f'{stage.index}-{label}-{key}')
        if os.path.exists(root):
            shutil.rmtree(root)
        parent = self.stage_by_ref(base)
        if parent is not None and parent.index < stage.index:
            p = self._build_stage(parent, build_args, gargs)
            print(f'[{label}] FROM {base} (copy of the stage)', flush=True)
            subprocess.run(['cp', '-a', '--reflink=auto', p.root, root], check=True)
            res = StageResult(root, p.workdir, dict(p.env), p.user, p.cmd, p.healthcheck, list(p.expose), dict(p.labels), p.base_image)
        else:
            print(f'[{label}] FROM {base} (external image: starts empty; the host node stands in)', flush=True)
            os.makedirs(root)
            res = StageResult(root, base_image=base)
        args: dict[str, str] = {}
        for ins in stage.instrs:
            scope = {**args, **res.env}
            kw = ins.keyword
            if kw == 'ARG':
                for k, v in parse_kv(ins.rest):
                    if k in build_args:
                        args[k] = build_args[k]
                    elif v is not None:
                        args[k] = substitute(v, scope)
                    elif k in gargs:
                        args[k] = gargs[k]
            elif kw == 'ENV':
                for k, v in parse_kv(ins.rest):
                    res.env[k] = substitute(v or '', {**args, **res.env})
            elif kw == 'WORKDIR':
                wd = substitute(ins.rest, scope)
                res.workdir = wd if wd.startswith('/') else os.path.join(res.workdir, wd)
                os.makedirs(self._path(res, res.workdir), exist_ok=True)
            elif kw == 'COPY':
                self._copy(res, ins, scope, build_args, gargs, label)
            elif kw == 'RUN':
                self._run(res, ins, args, label)
            elif kw == 'USER':
                res.user = substitute(ins.rest, scope)
            elif kw in ('CMD', 'ENTRYPOINT'):
                res.cmd = exec_form(ins.rest) or ins.rest
            elif kw == 'HEALTHCHECK':
                res.healthcheck = self._healthcheck(ins.rest)
            elif kw == 'EXPOSE':
                res.expose = substitute(ins.rest, scope).split()
            elif kw == 'LABEL':
                for k, v in parse_kv(substitute(ins.rest, scope)):
                    res.labels[k] = v or ''
            elif kw in ('STOPSIGNAL', 'SHELL', 'VOLUME', 'ONBUILD'):
                pass
            else:
                raise SystemExit(f'Dockerfile line {ins.line}: {kw} is not supported by the emulation')
        self.cache[key] = res
        return res

    @staticmethod
    def _path(res: StageResult, path: str) -> str:
        return os.path.join(res.root, path.lstrip('/'))

    def _copy(self, res: StageResult, ins: Instr, scope: dict[str, str], build_args: dict[str, str], gargs: dict[str, str], label: str) -> None:
        flags, sources, dest = parse_copy(ins.rest)
        sources = [substitute(s, scope) for s in sources]
        dest = substitute(dest, scope)
        dest_abs = dest if dest.startswith('/') else os.path.join(res.workdir, dest)
        dest_is_dir = dest.endswith('/') or dest in ('.', './') or len(sources) > 1
        dest_path = self._path(res, dest_abs)
        print(f'[{label}] COPY {" ".join(f"--{k}={v}" for k, v in flags.items())} {" ".join(sources)} {dest}', flush=True)
        if 'from' in flags:
            src_stage = self.stage_by_ref(flags['from'])
            if src_stage is None:
                raise SystemExit(f'Dockerfile line {ins.line}: COPY --from={flags["from"]}: not a stage of this Dockerfile')
            src_res = self._build_stage(src_stage, build_args, gargs)
            for s in sources:
                src = self._path(src_res, s if s.startswith('/') else os.path.join('/', s))
                matches = glob.glob(src) if any(ch in s for ch in '*?[') else [src]
                if not matches or not all(os.path.exists(m) for m in matches):
                    raise SystemExit(f'Dockerfile line {ins.line}: COPY --from={flags["from"]} {s}: not found in that stage')
                for m in matches:
                    self._copy_path(m, dest_path, dest_is_dir)
            return
        files = self.files()
        for s in sources:
            rel = os.path.normpath(s).lstrip('/')
            if rel == '.':
                chosen = files
                base = ''
            else:
                pattern = _pattern_regex(rel)
                chosen = [f for f in files if pattern.match(f) or f.startswith(rel + '/')]
                base = rel if not any(ch in rel for ch in '*?[') else ''
            if not chosen:
                why = 'excluded by .dockerignore' if os.path.exists(os.path.join(self.context, rel)) else 'not in the build context'
                raise SystemExit(f'Dockerfile line {ins.line}: COPY {s}: {why}')
            for f in chosen:
                src = os.path.join(self.context, f)
                if base and f == base:  # a single file
                    target = os.path.join(dest_path, os.path.basename(f)) if dest_is_dir else dest_path
                else:
                    inner = os.path.relpath(f, base) if base else f
                    target = os.path.join(dest_path, inner)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copy2(src, target, follow_symlinks=False)

    @staticmethod
    def _copy_path(src: str, dest_path: str, dest_is_dir: bool) -> None:
        if os.path.isdir(src):
            os.makedirs(dest_path, exist_ok=True)
            subprocess.run(['cp', '-a', '--reflink=auto', os.path.join(src, '.'), dest_path], check=True)
        else:
            target = os.path.join(dest_path, os.path.basename(src)) if dest_is_dir else dest_path
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(src, target)

    def _run(self, res: StageResult, ins: Instr, args: dict[str, str], label: str) -> None:
        form = exec_form(ins.rest)
        argv = form if form else ['sh', '-c', ins.rest]
        cwd = self._path(res, res.workdir)
        os.makedirs(cwd, exist_ok=True)
        env = {
            'PATH': os.environ.get('PATH', '/usr/local/bin:/usr/bin:/bin'),
            'HOME': self.home,
            # A warm npm cache only saves downloads; `npm ci` still installs from the lock file alone.
            'npm_config_cache': os.environ.get('ALPES_CHECK_NPM_CACHE', os.path.expanduser('~/.npm')),
            'npm_config_update_notifier': 'false',
            **args,
            **res.env,
        }
        log = os.path.join(self.out, 'logs', f'{os.path.basename(res.root)}-line{ins.line}.log')
        os.makedirs(os.path.dirname(log), exist_ok=True)
        shown = ins.rest if len(ins.rest) < 140 else ins.rest[:137] + '...'
        print(f'[{label}] RUN {shown}', flush=True)
        t0 = time.time()
        with open(log, 'w') as out:
            rc = subprocess.run(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
        print(f'[{label}]     exit {rc} in {time.time() - t0:.1f} s (log {log})', flush=True)
        if rc != 0:
            tail = open(log, encoding='utf-8', errors='replace').read().splitlines()[-25:]
            print('\n'.join('    | ' + t for t in tail))
            raise SystemExit(f'Dockerfile line {ins.line}: RUN failed with exit {rc}')

    @staticmethod
    def _healthcheck(rest: str) -> dict[str, object]:
        words = rest.split(None)
        opts: dict[str, object] = {}
        while words and words[0].startswith('--'):
            k, _, v = words.pop(0)[2:].partition('=')
            opts[k] = v
        kind = words[0].upper() if words else 'NONE'
        remainder = rest[rest.upper().index(kind) + len(kind) :].strip() if kind != 'NONE' else ''
        # As `docker inspect` shows it: ["CMD", argv...] for the exec form, ["CMD-SHELL", command] for the shell form.
        form = exec_form(remainder)
        opts['test'] = (['CMD', *form] if form else ['CMD-SHELL', remainder]) if kind == 'CMD' else None
        return opts


def cmd_emulate(out: str, images: list[str]) -> int:
    os.makedirs(out, exist_ok=True)
    emu = Emulator(DOCKERFILE, ROOT, out)
    for spec in images:
        name, target, *rest = spec.split(':')
        build_args = dict(kv.split('=', 1) for kv in (rest[0].split(',') if rest and rest[0] else []))
        print(f'== image {name}: target {target}, build args {build_args or "none"}', flush=True)
        res = emu.build(target, build_args)
        meta = {
            'name': name,
            'target': target,
            'build_args': build_args,
            'root': res.root,
            'workdir': res.workdir,
            'env': res.env,
            'user': res.user,
            'cmd': res.cmd,
            'healthcheck': res.healthcheck,
            'expose': res.expose,
            'labels': res.labels,
            'base_image': res.base_image,
        }
        with open(os.path.join(out, f'{name}.json'), 'w') as f:
            json.dump(meta, f, indent=2)
        print(f'== image {name}: {res.root}{res.workdir}  user={res.user}  cmd={res.cmd}', flush=True)
    return 0


# ----------------------------------------------------------------------------------------------------------------
# Static Dockerfile checks
# ----------------------------------------------------------------------------------------------------------------
def load_yaml(path: str) -> dict:
    import yaml  # PyYAML: installed with docker-compose

    with open(path, encoding='utf-8') as f:
        return yaml.safe_load(f)


def cmd_dockerfile() -> int:
    print('Dockerfile static checks')
    globals_, stages = parse_dockerfile(DOCKERFILE)
    names = [s.name for s in stages if s.name]
    ok(f'{len(stages)} stages: {", ".join(names)}')
    if len(set(names)) != len(names):
        fail('duplicate stage names')
    gvals = {k: v or '' for ins in globals_ if ins.keyword == 'ARG' for k, v in parse_kv(ins.rest)}
    ignore = DockerIgnore(DOCKERIGNORE)
    if not os.path.exists(DOCKERIGNORE):
        fail('no .dockerignore at the repository root: the whole tree (node_modules, .git) would be sent as context')
    for stray in glob.glob(os.path.join(ROOT, 'docker', '*.dockerignore')):
        fail(f'{os.path.relpath(stray, ROOT)} exists: BuildKit would prefer it over .dockerignore and the two can drift')
    for must in ('node_modules', 'dist', '.git', '.alpes', 'apps/afiliados/node_modules/x'):
        if not ignore.excluded(must):
            fail(f'.dockerignore does not exclude {must}')
    for must_keep in ('package.json', 'package-lock.json', '.npmrc', 'apps/afiliados/src/main.ts', 'scripts/build_app.sh',
                      'scripts/tools/setup-pulsar-topics.ts', 'tsconfig.base.json', 'nx.json'):
        if ignore.excluded(must_keep):
            fail(f'.dockerignore excludes {must_keep}, which the build needs')
    files = ignore.context_files(ROOT)
    ok(f'build context after .dockerignore: {len(files)} files, {sum(os.path.getsize(os.path.join(ROOT, f)) for f in files) // 1024} KiB')

    declared_args: dict[str, set[str]] = {}
    for s in stages:
        base = substitute(s.base, gvals)
        ref = next((x for x in stages if x.name == base), None)
        if ref is not None and ref.index >= s.index:
            fail(f'stage {s.name} FROM {base}: that stage is defined later')
        declared_args[s.name or str(s.index)] = set()
        for ins in s.instrs:
            if ins.keyword == 'ARG':
                declared_args[s.name or str(s.index)].update(k for k, _ in parse_kv(ins.rest))
            if ins.keyword == 'COPY':
                flags, sources, _ = parse_copy(ins.rest)
                if 'from' in flags:
                    src = next((x for x in stages if x.name == flags['from']), None)
                    if src is None or src.index >= s.index:
                        fail(f'line {ins.line}: COPY --from={flags["from"]} is not an earlier stage')
                    continue
                for src_path in sources:
                    rel = os.path.normpath(src_path).lstrip('/')
                    if rel == '.':
                        continue
                    if not os.path.exists(os.path.join(ROOT, rel)):
                        fail(f'line {ins.line}: COPY source {src_path} does not exist')
                    elif ignore.excluded(rel):
                        fail(f'line {ins.line}: COPY source {src_path} is excluded by .dockerignore')
                    else:
                        ok(f'line {ins.line}: COPY source {src_path} exists and is in the context')
            if ins.keyword == 'RUN' and re.search(r'--mount\b', ins.rest):
                fail(f'line {ins.line}: RUN --mount needs BuildKit (docker-compose v1 builds with the classic builder)')
            if ins.keyword == 'ADD':
                fail(f'line {ins.line}: use COPY, not ADD')
    if open(DOCKERFILE, encoding='utf-8').readline().startswith('# syntax='):
        fail('a `# syntax=` directive makes the build fetch a BuildKit frontend image and fails on the classic builder')

    runtime = next((s for s in stages if s.name == 'runtime'), None)
    tools = next((s for s in stages if s.name == 'tools'), None)
    for st in (runtime, tools):
        if st is None:
            fail('stage runtime/tools missing')
            continue
        users = [i.rest for i in st.instrs if i.keyword == 'USER']
        if not users or users[-1] in ('root', '0'):
            fail(f'stage {st.name} does not switch to a non-root USER')
        else:
            ok(f'stage {st.name} runs as {users[-1]}')
        if not any(i.keyword == 'CMD' for i in st.instrs):
            fail(f'stage {st.name} has no CMD')
    if runtime is not None:
        for kw in ('HEALTHCHECK', 'EXPOSE'):
            if any(i.keyword == kw for i in runtime.instrs):
                ok(f'runtime has {kw}')
            else:
                fail(f'runtime has no {kw}')
        hc = next((i.rest for i in runtime.instrs if i.keyword == 'HEALTHCHECK'), '')
        if '/health' not in hc:
            fail('the runtime HEALTHCHECK does not probe /health')
        if runtime.base.strip() != '${NODE_IMAGE}' and not runtime.base.startswith('node:'):
            fail(f'runtime FROM {runtime.base}: expected the slim node image')
        copies = [i.rest for i in runtime.instrs if i.keyword == 'COPY']
        if not any('--from=prod-deps' in c and 'node_modules' in c for c in copies):
            fail('runtime does not take node_modules from prod-deps (production dependencies only)')
    node_image = gvals.get('NODE_IMAGE', '')
    m = re.match(r'node:(\d+)', node_image)
    host_major = subprocess.run(['node', '-p', 'process.versions.node.split(".")[0]'], capture_output=True, text=True).stdout.strip()
    if not m:
        fail(f'NODE_IMAGE {node_image!r} is not a node image')
    elif m.group(1) != host_major:
        note(f'NODE_IMAGE is node {m.group(1)}, this machine runs node {host_major}: the emulated build used the latter')
    else:
        ok(f'NODE_IMAGE {node_image} (same major as this machine\'s node {host_major})')

    # What docker-compose.yml asks of the Dockerfile.
    compose = load_yaml(COMPOSE_FILE)
    for svc_name, svc in (compose.get('services') or {}).items():
        build = svc.get('build')
        if not isinstance(build, dict):
            continue
        target = build.get('target')
        stage = next((s for s in stages if s.name == target), None)
        if stage is None:
            fail(f'service {svc_name}: build target {target} is not a stage')
            continue
        if os.path.normpath(os.path.join(ROOT, build.get('dockerfile', ''))) != DOCKERFILE:
            fail(f'service {svc_name}: dockerfile {build.get("dockerfile")} is not docker/Dockerfile')
        needed = {s.name or str(s.index) for s in stages_needed(stages, stage, gvals)}
        known = set().union(*(declared_args.get(n, set()) for n in needed)) | set(gvals)
        for arg in (build.get('args') or {}):
            if arg not in known:
                fail(f'service {svc_name}: build arg {arg} is not declared in the stages {target} needs')
        if target == 'runtime':
            for required in ('APP', 'PORT'):
                if required not in (build.get('args') or {}):
                    fail(f'service {svc_name}: build arg {required} missing')
    ok('docker-compose.yml build targets and args match the Dockerfile')
    return finish()


def stages_needed(stages: list[Stage], target: Stage, gvals: dict[str, str]) -> list[Stage]:
    seen: dict[int, Stage] = {}

    def visit(s: Stage) -> None:
        if s.index in seen:
            return
        seen[s.index] = s
        base = next((x for x in stages if x.name == substitute(s.base, gvals)), None)
        if base is not None:
            visit(base)
        for ins in s.instrs:
            if ins.keyword == 'COPY':
                flags, _, _ = parse_copy(ins.rest)
                ref = next((x for x in stages if x.name == flags.get('from')), None)
                if ref is not None:
                    visit(ref)

    visit(target)
    return list(seen.values())


# ----------------------------------------------------------------------------------------------------------------
# docker-compose config checks
# ----------------------------------------------------------------------------------------------------------------
def read(path: str) -> str:
    with open(path, encoding='utf-8', errors='replace') as f:
        return f.read()


def app_facts() -> dict[str, dict[str, object]]:
    """Per app (apps/*): port (service-definition.ts) and database (DatabaseModule.forService)."""
    facts: dict[str, dict[str, object]] = {}
    for app_dir in sorted(glob.glob(os.path.join(ROOT, 'apps', '*', 'src'))):
        app = os.path.basename(os.path.dirname(app_dir))
        definition = os.path.join(app_dir, 'service-definition.ts')
        module = os.path.join(app_dir, 'app.module.ts')
        if not os.path.exists(definition) or not os.path.exists(module):
            continue
        port = re.search(r'defaultPort:\s*(\d+)', read(definition))
        db = re.search(r"DatabaseModule\.forService\(\{.*?database:\s*'([A-Za-z0-9_]+)'", read(module), re.S)
        facts[app] = {'port': int(port.group(1)) if port else None, 'database': db.group(1) if db else None}
    return facts


def source_literals(paths: list[str]) -> set[str]:
    """Upper-case string literals of the (non-test) TypeScript sources: the names the code can read from env."""
    names: set[str] = set()
    for base in paths:
        for f in glob.glob(os.path.join(base, '**', '*.ts'), recursive=True):
            if f.endswith(('.spec.ts', '.int-spec.ts')) or '/testing/' in f:
                continue
            text = read(f)
            names.update(re.findall(r"""['"`]([A-Z][A-Z0-9_]{2,})['"`]""", text))
            names.update(re.findall(r'process\.env\.([A-Z][A-Z0-9_]{2,})', text))
    return names


# Read by the runtime and its dependencies (Node, Express, Nest), not by our sources.
ENV_READ_BY_PLATFORM = {'NODE_ENV'}


def volume_parts(v: object) -> tuple[str, str]:
    """(source, target) of a volume entry, short (`src:dst[:mode]`) or long form."""
    if isinstance(v, dict):
        return str(v.get('source', '')), str(v.get('target', ''))
    parts = str(v).split(':')
    return (parts[0], parts[1]) if len(parts) > 1 else ('', parts[0])


def published_targets(svc: dict) -> set[int]:
    """Container ports a service publishes, short (`[ip:]host:container`) or long form."""
    targets: set[int] = set()
    for p in svc.get('ports') or []:
        if isinstance(p, dict):
            targets.add(int(p.get('target', 0)))
        else:
            targets.add(int(str(p).split(':')[-1].split('/')[0]))
    return targets


def cmd_compose(config_path: str) -> int:
    print(f'docker-compose config checks ({os.path.relpath(config_path, ROOT) if config_path.startswith(ROOT) else config_path})')
    cfg = load_yaml(config_path)
    services: dict = cfg.get('services') or {}
    facts = app_facts()
    if len(facts) != 5:
        fail(f'expected the five apps of DESIGN.md §1 under apps/, found {sorted(facts)}')

    # Pulsar
    pulsar = services.get('pulsar') or {}
    if pulsar.get('image') != 'apachepulsar/pulsar:4.0.8':
        fail(f'pulsar image is {pulsar.get("image")}, expected apachepulsar/pulsar:4.0.8')
    penv = pulsar.get('environment') or {}
    if str(penv.get('PULSAR_PREFIX_webSocketServiceEnabled', '')).lower() != 'true':
        fail('pulsar: PULSAR_PREFIX_webSocketServiceEnabled is not true (the services speak the WebSocket API)')
    command = ' '.join(pulsar.get('command') or []) if isinstance(pulsar.get('command'), list) else str(pulsar.get('command'))
    if 'apply-config-from-env.py conf/standalone.conf' not in command or 'pulsar standalone' not in command:
        fail('pulsar: command does not apply the env configuration and start standalone')
    if not pulsar.get('healthcheck'):
        fail('pulsar: no healthcheck')
    if not any(volume_parts(v)[1] == '/pulsar/data' for v in pulsar.get('volumes') or []):
        fail('pulsar: /pulsar/data is not on a volume')
    ok('pulsar: 4.0.8 standalone, WebSocket service on, health check, data volume')
    compare_pulsar_settings(penv)

    manager = services.get('pulsar-manager') or {}
    if not str(manager.get('image', '')).startswith('apachepulsar/pulsar-manager:'):
        fail('pulsar-manager: missing or not apachepulsar/pulsar-manager')
    elif 9527 not in published_targets(manager):
        fail('pulsar-manager: port 9527 not published')
    else:
        ok(f'pulsar-manager: {manager["image"]} on 9527')

    setup = services.get('pulsar-setup') or {}
    build = setup.get('build') or {}
    if build.get('target') != 'tools':
        fail('pulsar-setup: not built from the tools target')
    if (setup.get('depends_on') or {}).get('pulsar', {}).get('condition') != 'service_healthy':
        fail('pulsar-setup: does not wait for a healthy pulsar')
    if str(setup.get('restart', 'no')) not in ('no', 'False', 'false'):
        fail('pulsar-setup: a one-shot job must not restart')
    if (setup.get('environment') or {}).get('PULSAR_HTTP_URL') != 'http://pulsar:8080':
        fail('pulsar-setup: PULSAR_HTTP_URL is not http://pulsar:8080')
    ok('pulsar-setup: tools image, one shot, after pulsar is healthy')

    shared = source_literals([os.path.join(ROOT, 'libs')])
    for app, fact in facts.items():
        svc = services.get(app)
        if svc is None:
            fail(f'service {app} missing')
            continue
        env = svc.get('environment') or {}
        port = str(fact['port'])
        db = fact['database']
        mysql_name = env.get('MYSQL_HOST')
        mysql = services.get(mysql_name or '') or {}
        menv = mysql.get('environment') or {}
        problems_before = len(errors)
        if (svc.get('build') or {}).get('args', {}).get('APP') != app:
            fail(f'{app}: build arg APP is not {app}')
        if str((svc.get('build') or {}).get('args', {}).get('PORT')) != port:
            fail(f'{app}: build arg PORT is not {port}')
        if str(env.get('PORT')) != port:
            fail(f'{app}: PORT={env.get("PORT")}, DESIGN.md §1 / service-definition.ts say {port}')
        if int(port) not in published_targets(svc):
            fail(f'{app}: container port {port} not published')
        if env.get('PULSAR_HTTP_URL') != 'http://pulsar:8080':
            fail(f'{app}: PULSAR_HTTP_URL={env.get("PULSAR_HTTP_URL")}')
        if not mysql:
            fail(f'{app}: MYSQL_HOST={mysql_name} is not a service')
        else:
            if not str(mysql.get('image', '')).startswith('mysql:8'):
                fail(f'{mysql_name}: image {mysql.get("image")} is not MySQL 8')
            if menv.get('MYSQL_DATABASE') != db or env.get('MYSQL_DATABASE', db) != db:
                fail(f'{app}: database {db} (app.module.ts) vs MYSQL_DATABASE {env.get("MYSQL_DATABASE")} / {mysql_name} {menv.get("MYSQL_DATABASE")}')
            for k in ('MYSQL_USER', 'MYSQL_PASSWORD'):
                if env.get(k) != menv.get(k) or not env.get(k):
                    fail(f'{app}: {k} differs from the account {mysql_name} creates')
            if str(env.get('MYSQL_PORT', '3306')) != '3306':
                fail(f'{app}: MYSQL_PORT should be the container port 3306')
            if not mysql.get('healthcheck'):
                fail(f'{mysql_name}: no healthcheck')
            if not any(volume_parts(v)[1] == '/var/lib/mysql' for v in mysql.get('volumes') or []):
                fail(f'{mysql_name}: /var/lib/mysql is not on a volume')
        deps = svc.get('depends_on') or {}
        want = {mysql_name: 'service_healthy', 'pulsar': 'service_healthy', 'pulsar-setup': 'service_completed_successfully'}
        for dep, cond in want.items():
            if (deps.get(dep) or {}).get('condition') != cond:
                fail(f'{app}: depends_on {dep} should be {cond}, is {deps.get(dep)}')
        hc = svc.get('healthcheck') or {}
        if '/health' not in ' '.join(hc.get('test') or []):
            fail(f'{app}: healthcheck does not probe /health')
        # Every variable handed to the app must be one the code reads (a misspelt name would silently do nothing).
        known = shared | source_literals([os.path.join(ROOT, 'apps', app, 'src')]) | ENV_READ_BY_PLATFORM
        prefixes = {n for n in known if n.endswith('_')}
        unknown = [k for k in env if k not in known and not any(k.startswith(p) for p in prefixes)]
        if unknown:
            fail(f'{app}: environment names the code never reads: {", ".join(sorted(unknown))}')
        if len(errors) == problems_before:
            ok(f'{app}: port {port}, {mysql_name} ({db}) healthy + pulsar healthy + pulsar-setup completed first, '
               f'/health check, {len(env)} variables all read by the code')

    monitoreo_env = (services.get('monitoreo') or {}).get('environment') or {}
    servicios = str(monitoreo_env.get('MONITOREO_SERVICIOS') or '')
    listed = dict(part.split('=', 1) for part in re.split(r'[,\s]+', servicios) if '=' in part)
    for app, fact in facts.items():
        if listed.get(app) != f'http://{app}:{fact["port"]}':
            fail(f'monitoreo: MONITOREO_SERVICIOS should list {app}=http://{app}:{fact["port"]} (got {listed.get(app)})')
    if set(listed) == set(facts):
        ok('monitoreo: MONITOREO_SERVICIOS names the five services on the compose network')

    volumes = set((cfg.get('volumes') or {}).keys())
    for svc_name, svc in services.items():
        for v in svc.get('volumes') or []:
            src = volume_parts(v)[0]
            if not src.startswith(('.', '/')) and src not in volumes:
                fail(f'{svc_name}: volume {src} is not declared')
            if src.startswith('/') and not os.path.exists(src):
                fail(f'{svc_name}: bind mount {src} does not exist')
    return finish()


def compare_pulsar_settings(penv: dict) -> None:
    """docker/pulsar/standalone.env must make the adjustments scripts/lib/pulsar.sh makes (addresses/ports aside)."""
    script = read(os.path.join(ROOT, 'scripts', 'lib', 'pulsar.sh'))
    block = re.search(r'pulsar_write_conf\(\).*?for kv in(.*?); do', script, re.S)
    if not block:
        note('could not read the settings of scripts/lib/pulsar.sh to compare')
        return
    local: dict[str, str] = {}
    for k, v in re.findall(r'"([A-Za-z_]+)=([^"]*)"', block.group(1)):
        local[k] = v
    differing_by_design = {'brokerServicePort', 'webServicePort', 'bindAddress', 'advertisedAddress'}
    for k, v in local.items():
        if k in differing_by_design:
            continue
        got = penv.get(f'PULSAR_PREFIX_{k}')
        if got is None:
            fail(f'pulsar: {k}={v} (scripts/lib/pulsar.sh) missing from docker/pulsar/standalone.env')
        elif str(got) != v:
            fail(f'pulsar: {k}={got}, scripts/lib/pulsar.sh sets {v}')
    ok(f'pulsar: the {len(local) - len(differing_by_design & set(local))} broker settings of scripts/lib/pulsar.sh are the same')


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == 'compose':
        return cmd_compose(argv[1])
    if argv[:1] == ['dockerfile']:
        return cmd_dockerfile()
    if len(argv) >= 3 and argv[0] == 'emulate':
        return cmd_emulate(argv[1], argv[2:])
    print(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
