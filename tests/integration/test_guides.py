"""Every example of the docsite runs (issue 19): the front page docs/index.rst and every guide listed in
docs/docsite/extra-docs.yml. Each code block of a page carries a `.. guide-test:` comment that says how it runs
(docs/README.md describes them); the test runs the page's examples in order against the devcloud, in a fresh
working directory and HOME, with the collection as it ships (built from this checkout, installed into a throw-away
collections path), then deletes what the page made (every resource name the page uses is given a prefix unique to
the run) and checks that nothing of it is left.

Nothing is left out silently: a code block without a `guide-test` comment fails the test; a block that cannot run
here (`skip`: it needs Galaxy, or your own cloud) says why, and the closing summary names it; a block run by another
test (`elsewhere`) names that test, which must exist and name the page."""

import glob
import json
import os
import re
import shlex
import subprocess
import sys
import textwrap
import uuid

import pytest
import yaml
from conftest import BIN, REGIONS, ROOT, SUMMARY_LINES

DOCS = os.path.join(ROOT, "docs")
RST = os.path.join(DOCS, "docsite", "rst")
KINDS = ("guide", "setup", "file", "playbook", "tasks", "console", "python", "output", "skip", "elsewhere")
MARKER = re.compile(r"^(\s*)\.\. guide-test:\s*(.*)$")
BLOCK = re.compile(r"^(\s*)\.\. (?:code-block|code|sourcecode)::\s*(\S*)\s*$")
# a paragraph ending in "::" starts a literal block, which this test would not see: guides use code-block
LITERAL = re.compile(r"^\s*(?!\.\. )\S.*(?<!:)::\s*$")
SECRET_KEYS = ("password", "secret", "token")
LAST = "guide-test: the last command of the block"


def pages():
    """The front page and the guides of extra-docs.yml, in the order a reader meets them; then any other page of
    docs/docsite/rst (antsibull-docs puts every one in the site, and the front page lists them all)."""
    with open(os.path.join(DOCS, "docsite", "extra-docs.yml")) as f:
        extra = yaml.safe_load(f)
    names = [name for section in extra["sections"] for name in section["toctree"]]
    listed = [os.path.join(RST, name + ".rst") for name in names]
    others = sorted(p for p in glob.glob(os.path.join(RST, "*.rst")) if p not in listed)
    return [os.path.join(DOCS, "index.rst")] + listed + others


def page_id(path):
    return os.path.relpath(path, DOCS)


class Step:
    def __init__(self, page, line, kind, args, body=None, lang=None, code=None):
        self.page, self.line, self.kind, self.body, self.lang, self.code = page, line, kind, body, lang, code
        self.args = args  # the marker's text after the kind
        self.options = {"sub": [], "env": [], "expect": [], "clouds": [], "cwd": None}
        self.words = []
        self.flags = set()
        if kind in ("skip", "setup"):
            return
        for word in shlex.split(args):
            key, eq, value = word.partition("=")
            if eq and key == "cwd":
                self.options["cwd"] = value
            elif eq and key == "clouds":
                self.options["clouds"] += value.split(",")
            elif eq and key in self.options:
                self.options[key].append(value)
            elif word == "fails":
                self.flags.add(word)
            else:
                self.words.append(word)

    @property
    def where(self):
        return "%s:%d" % (page_id(self.page), self.line)

    def subs(self):
        out = []
        for sub in self.options["sub"]:
            old, arrow, new = sub.partition("->")
            assert arrow and old, "%s: sub=%r is not OLD->NEW" % (self.where, sub)
            out.append((old, new))
        return out


def parse(path):
    """The page's steps, in order; errors for code blocks without a marker and markers without a block."""
    with open(path) as f:
        lines = f.read().splitlines()
    steps, errors, pending = [], [], None
    i = 0
    while i < len(lines):
        line = lines[i]
        marker, block = MARKER.match(line), BLOCK.match(line)
        if LITERAL.match(line) and not line.lstrip().startswith(".."):
            errors.append(
                "%s:%d: a literal block (::): write a code-block with a guide-test comment" % (page_id(path), i + 1)
            )
        if marker:
            indent, text = len(marker.group(1)), marker.group(2).strip()
            body, j = [], i + 1
            while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > indent):
                body.append(lines[j])
                j += 1
            kind, _sep, rest = text.partition(" ")
            body_text = textwrap.dedent("\n".join(body)).strip("\n")
            if kind not in KINDS:
                errors.append(
                    "%s:%d: unknown guide-test kind %r (one of %s)" % (page_id(path), i + 1, kind, ", ".join(KINDS))
                )
            elif kind == "setup":
                steps.append(Step(path, i + 1, kind, "", body=body_text))
            elif kind == "guide":
                steps.append(Step(path, i + 1, kind, " ".join([rest] + body_text.split("\n"))))
            else:
                if pending is not None:
                    errors.append("%s:%d: guide-test comment without its code block" % (page_id(path), pending.line))
                pending = Step(path, i + 1, kind, " ".join([rest] + body_text.split("\n")).strip())
                if kind == "skip" and not pending.args:
                    errors.append("%s:%d: skip without a reason" % (page_id(path), i + 1))
            i = j
            continue
        if block:
            indent = len(block.group(1))
            j = i + 1
            while j < len(lines) and re.match(r"^\s+:[\w-]+:", lines[j]):
                j += 1  # the directive's options
            content = []
            while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > indent):
                content.append(lines[j])
                j += 1
            code = textwrap.dedent("\n".join(content)).strip("\n") + "\n"
            if pending is None:
                errors.append(
                    "%s:%d: code block without a guide-test comment before it (docs/README.md says how to mark it)"
                    % (page_id(path), i + 1)
                )
            else:
                pending.lang, pending.code = block.group(2), code
                steps.append(pending)
                pending = None
            i = j
            continue
        if pending is not None and line.strip():
            errors.append("%s:%d: guide-test comment not followed by a code block" % (page_id(path), pending.line))
            pending = None
        i += 1
    if pending is not None:
        errors.append("%s:%d: guide-test comment without its code block" % (page_id(path), pending.line))
    return steps, errors


def commands(code):
    """The `$ ` commands of a console block (with their continuation lines); the rest is output."""
    found, current = [], None
    for line in code.splitlines():
        if current is not None:
            current.append(line)
        elif line.startswith("$ "):
            current = [line[2:]]
        else:
            continue
        if not line.rstrip().endswith("\\"):
            found.append("\n".join(current))
            current = None
    return found


def static_check(step):
    """What every block gets, run or not: it is what its language says."""
    if step.kind in ("output", "setup", "guide"):
        return
    if step.lang.startswith("yaml"):
        assert list(yaml.safe_load_all(step.code)), "%s: empty YAML" % step.where
    elif step.lang == "python":
        compile(step.code, step.where, "exec")
    elif step.lang == "console":
        assert commands(step.code), "%s: a console block without a `$ ` command" % step.where


# -- static: every page, every block ---------------------------------------------------------------------------------


def test_every_code_block_is_marked_and_well_formed():
    problems, counts = [], {}
    for path in pages():
        if not os.path.exists(path):
            problems.append("%s is listed in extra-docs.yml but does not exist" % path)
            continue
        steps, errors = parse(path)
        problems += errors
        for step in steps:
            try:
                static_check(step)
                if step.kind == "elsewhere":
                    assert len(step.words) == 1, "%s: elsewhere names one test file" % step.where
                    test = os.path.join(ROOT, step.words[0])
                    assert os.path.isfile(test), "%s: %s does not exist" % (step.where, step.words[0])
                    with open(test) as f:
                        assert os.path.basename(path) in f.read(), "%s: %s does not name %s" % (
                            step.where,
                            step.words[0],
                            os.path.basename(path),
                        )
                if step.kind in ("file", "playbook"):
                    assert len(step.words) == 1, "%s: %s needs one PATH" % (step.where, step.kind)
                step.subs()
            except AssertionError as e:
                problems.append(str(e).split("\nassert ", maxsplit=1)[0])  # (without pytest's explanation)
            counts[step.kind] = counts.get(step.kind, 0) + 1
    assert not problems, "\n".join(problems)
    assert counts.get("console", 0) + counts.get("playbook", 0) + counts.get("tasks", 0) >= 10, counts


# -- running a page --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def collections(tmp_path_factory):
    """The collection as it ships: built from this checkout and installed into a throw-away collections path."""
    work = tmp_path_factory.mktemp("guides-collection")
    env = dict(os.environ, ANSIBLE_CONFIG=str(work / "none.cfg"), PATH=BIN + os.pathsep + os.environ["PATH"])
    galaxy = os.path.join(BIN, "ansible-galaxy")
    subprocess.run(
        [galaxy, "collection", "build", "--force", "--output-path", str(work), ROOT],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    tarball = [p for p in os.listdir(work) if p.endswith(".tar.gz")][0]
    subprocess.run(
        [galaxy, "collection", "install", "--force", "-p", str(work / "collections"), str(work / tarball)],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return str(work / "collections")


@pytest.fixture(scope="module")
def secrets(clouds):
    """Every password and secret of the devcloud's clouds.yaml: none may show in an example's output."""
    return sorted(
        {
            str(v)
            for conf in clouds.values()
            for k, v in (conf.get("auth") or {}).items()
            if any(s in k for s in SECRET_KEYS) and v
        }
    )


class Page:
    def __init__(self, path, steps, tmp_path, clouds_yaml, collections, secrets):
        self.path, self.steps, self.secrets = path, steps, secrets
        self.prefix = "gt-%s-" % uuid.uuid4().hex[:6]
        self.work, self.home = tmp_path / "work", tmp_path / "home"
        self.work.mkdir()
        self.home.mkdir()
        self.places = {
            "{prefix}": self.prefix,
            "{home}": str(self.home),
            "{work}": str(self.work),
            "{repo}": ROOT,
            "{collections}": collections,
        }
        guide = [s for s in steps if s.kind == "guide"]
        self.subs = [sub for s in guide for sub in s.subs()]
        self.env_words = [e for s in guide for e in s.options["env"]]
        self.clouds = [c for s in guide for c in s.options["clouds"]]
        self.base_env = {
            "PATH": BIN + os.pathsep + "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "OS_CLIENT_CONFIG_FILE": clouds_yaml,
            # the running devcloud's directory (devcloud/devcloud finds it under HOME, and HOME is a fresh one)
            "DEVCLOUD_DIR": os.path.dirname(clouds_yaml),
            "ANSIBLE_COLLECTIONS_PATH": collections,
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
        }
        self.last_output = ""

    def place(self, text):
        for key, value in self.places.items():
            text = text.replace(key, value)
        return text

    def substitute(self, text, step):
        for old, new in self.subs + step.subs():
            pattern = re.escape(old)
            if re.match(r"\w", old[0]):
                pattern = r"(?<![\w-])" + pattern
            if re.match(r"\w", old[-1]):
                pattern += r"(?![\w-])"
            new = self.place(new)
            text = re.sub(pattern, lambda _m, new=new: new, text)
        return self.place(text)

    def env(self, step):
        env = dict(self.base_env)
        for word in self.env_words + step.options["env"]:
            name, _sep, value = self.place(word).partition("=")
            if value:
                env[name] = value
            else:
                env.pop(name, None)
        return env

    def path_of(self, name):
        name = self.place(name)
        if name.startswith("~/"):
            return self.home / name[2:]
        return self.work / name

    def write(self, name, text):
        target = self.path_of(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        return target

    def run(self, step, argv, what):
        cwd = ROOT if step.options.get("cwd") == "repo" else str(self.work)
        proc = subprocess.run(
            argv, cwd=cwd, env=self.env(step), capture_output=True, text=True, timeout=900, check=False
        )
        out = proc.stdout + proc.stderr
        self.last_output = out
        context = "%s (%s) %s exited %d:\n%s" % (step.where, step.kind, what, proc.returncode, out[-6000:])
        return proc.returncode, out, context

    def check(self, step, rc, out, context, fails=False):
        if fails:
            assert rc != 0, "expected to fail: " + context
        else:
            assert rc == 0, context
        assert "Traceback (most recent call last)" not in out, context
        for secret in self.secrets:
            assert secret not in out, "%s: a password of clouds.yaml shows in the output" % step.where
        for text in step.options["expect"]:
            text = self.substitute(text, step)
            assert text in out, "%s: %r is not in the output:\n%s" % (step.where, text, out[-6000:])

    def execute(self, step):
        """Run one step; returns how it counts: run, file, output, skip, elsewhere (or None: not an example)."""
        code = self.substitute(step.code or "", step)
        if step.kind == "guide":
            return None
        if step.kind == "setup":
            rc, out, context = self.run(
                step, ["bash", "-euo", "pipefail", "-c", self.substitute(step.body, step)], "setup"
            )
            assert rc == 0, context
            return None
        if step.kind in ("skip", "elsewhere", "output"):
            return step.kind
        if step.kind == "file":  # (its name as the page's commands name it: the same substitutions)
            self.write(self.substitute(step.words[0], step), code)
            return "file"
        if step.kind == "playbook":
            name = self.substitute(step.words[0], step)
            self.write(name, code)
            rc, out, context = self.run(step, ["ansible-playbook", name], "ansible-playbook")
        elif step.kind == "tasks":
            play = [{"name": "Example of %s" % step.where, "hosts": "localhost", "gather_facts": False}]
            play[0]["tasks"] = yaml.safe_load(code)
            name = "example-%d.yml" % step.line
            self.write(name, yaml.safe_dump(play, sort_keys=False))
            rc, out, context = self.run(step, ["ansible-playbook", name], "ansible-playbook (its tasks in a play)")
        elif step.kind == "python":
            name = "example-%d.py" % step.line
            self.write(name, code)
            rc, out, context = self.run(step, [os.path.join(BIN, "python"), name], "python")
        elif step.kind == "console":
            found = commands(code)
            # every command but the last must succeed; the last must fail when the guide shows it failing
            script = ["set -eo pipefail"] + found[:-1] + ["echo %s" % LAST, "set +e", found[-1]]
            rc, out, context = self.run(step, ["bash", "-c", "\n".join(script)], "console")
            assert LAST in out or "fails" not in step.flags, "a command before the last failed: " + context
        else:  # pragma: no cover - parse() knows every kind
            raise AssertionError(step.kind)
        self.check(step, rc, out, context, fails="fails" in step.flags)
        return "run"

    def cleanup(self):
        """Delete everything named with the page's prefix on its clouds, then check that nothing of it is left."""
        if not self.clouds:
            return
        step = Step(self.path, 0, "cleanup", "")
        argv = [
            "ansible-playbook",
            "polystack.cloud.cleanup",
            "-e",
            json.dumps({"clouds": self.clouds, "prefix": self.prefix}),
        ]
        rc, out, context = self.run(step, argv, "cleanup")
        assert rc == 0, context
        from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _config

        config = _config.CloudConfig(config_file=self.base_env["OS_CLIENT_CONFIG_FILE"], env={})
        for entry in self.clouds:
            cloud, _sep, region = entry.partition(":")
            for r in [region] if region else REGIONS:
                c = _cloud.connect(cloud=cloud, region_name=r, config=config)
                left = [s.name for s in c.list_servers() if s.name.startswith(self.prefix)]
                left += [k.name for k in c.list_keypairs() if k.name.startswith(self.prefix)]
                left += [i.name for i in c.search_images() if (i.name or "").startswith(self.prefix)]
                left += [x["name"] for x in c.search_containers(self.prefix)]
                assert left == [], "%s %s: left behind by %s: %s" % (cloud, r, page_id(self.path), left)


@pytest.mark.parametrize("path", pages(), ids=page_id)
def test_the_examples_of_the_page_run(path, tmp_path, clouds_yaml, collections, secrets):
    steps, errors = parse(path)
    assert not errors, "\n".join(errors)
    page = Page(path, steps, tmp_path, clouds_yaml, collections, secrets)
    counted = {}
    try:
        for step in steps:
            how = page.execute(step)
            if how:
                counted.setdefault(how, []).append(step)
    finally:
        page.cleanup()
    not_run = counted.get("skip", [])
    line = "guides: %s: %d examples run, %d files used by them, %d run by other tests (%s), %d not run%s" % (
        page_id(path),
        len(counted.get("run", [])),
        len(counted.get("file", [])),
        len(counted.get("elsewhere", [])),
        ", ".join(sorted({s.words[0] for s in counted.get("elsewhere", [])})) or "-",
        len(not_run),
        "".join("\n    not run: %s: %s" % (s.where, s.args) for s in not_run),
    )
    SUMMARY_LINES.append(line)
    sys.stderr.write(line + "\n")
    assert counted.get("run") or counted.get("elsewhere"), "%s: no example of the page runs" % page_id(path)
