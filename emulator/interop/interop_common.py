"""Shared helpers for the official-SDK interop scripts (fc_lifecycle.py, fg_lifecycle.py).

Only the standard library and `requests` (a dependency of both SDKs) are used here. Nothing in this module changes
what an SDK puts on the wire: the HTTP recorder below only *observes* the exchanges so that a failed step can print
the request the SDK sent and the response the emulator gave.
"""

import json
import os
import sys
import time
import traceback
import urllib.error
import urllib.request

import requests

# --------------------------------------------------------------------------------------------- assertions ----


class CheckFailed(Exception):
    """A failed assertion about the emulator's behaviour."""


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def eq(actual, expected, what):
    if actual != expected:
        raise CheckFailed(f"{what}: expected {expected!r}, got {actual!r}")


# ------------------------------------------------------------------------------------------ HTTP recorder ----

_EXCHANGES = []
_MAX_KEPT = 6


def _short(data, limit=1200):
    if data is None:
        return ""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            return f"<{len(data)} bytes of binary>"
    data = str(data)
    return data if len(data) <= limit else data[:limit] + f"... <{len(data)} chars>"


def install_recorder():
    """Wraps requests.Session.send to keep the last few exchanges (read-only; responses are passed through)."""
    original = requests.sessions.Session.send
    if getattr(original, "_interop_recorder", False):
        return

    def send(self, request, **kwargs):
        entry = {"request": request, "response": None, "error": None}
        _EXCHANGES.append(entry)
        del _EXCHANGES[:-_MAX_KEPT]
        try:
            response = original(self, request, **kwargs)
        except Exception as e:  # noqa: BLE001 - recorded, then re-raised unchanged
            entry["error"] = repr(e)
            raise
        entry["response"] = response
        return response

    send._interop_recorder = True
    requests.sessions.Session.send = send


def format_exchange(entry):
    req = entry["request"]
    lines = [f"  > {req.method} {req.url}"]
    for k, v in req.headers.items():
        if k.lower() == "authorization":
            v = v[:60] + "..." if len(v) > 60 else v
        lines.append(f"  > {k}: {v}")
    if req.body:
        lines.append(f"  > body: {_short(req.body, 600)}")
    resp = entry["response"]
    if resp is not None:
        lines.append(f"  < {resp.status_code} {resp.reason}")
        for k, v in resp.headers.items():
            lines.append(f"  < {k}: {v}")
        try:
            body = resp.content
        except Exception as e:  # noqa: BLE001
            body = f"<unreadable: {e!r}>"
        lines.append(f"  < body: {_short(body)}")
    elif entry["error"]:
        lines.append(f"  < transport error: {entry['error']}")
    return "\n".join(lines)


def last_response():
    """The last HTTP response an SDK received (for statuses the SDK does not expose)."""
    for entry in reversed(_EXCHANGES):
        if entry["response"] is not None:
            return entry["response"]
    raise CheckFailed("no HTTP response recorded")


def last_exchange_text():
    if not _EXCHANGES:
        return "  (no HTTP exchange recorded)"
    return format_exchange(_EXCHANGES[-1])


# ------------------------------------------------------------------------------------------ admin API ----

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def admin(base_url, method, path, body=None):
    """Calls the emulator's admin API (`/_emulator/...`); returns (status, body bytes)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    req = urllib.request.Request(
        base_url.rstrip("/") + path, data=data, method=method,
        headers={"content-type": "application/json"} if data is not None else {})
    try:
        with _NO_PROXY.open(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def program(base_url, cloud, namespace, function, behaviour, qualifier=None):
    """Programs how a function behaves when invoked (`PUT /_emulator/behaviours`)."""
    request = {"cloud": cloud, "namespace": namespace, "function": function, "behaviour": behaviour}
    if qualifier is not None:
        request["qualifier"] = qualifier
    status, body = admin(base_url, "PUT", "/_emulator/behaviours", request)
    check(200 <= status < 300, f"PUT /_emulator/behaviours answered {status}: {_short(body)}")


def http_get(url):
    """A plain GET through no proxy (used to download code packages); returns (status, body bytes)."""
    try:
        with _NO_PROXY.open(urllib.request.Request(url), timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


# ------------------------------------------------------------------------------------------ arguments ----


def parse_args(script, description):
    """`script [URL] [--pending a,b]`; the URL defaults to $CLOUDFN_EMULATOR_URL.

    Steps named with --pending (or $CLOUDFN_INTEROP_PENDING, comma-separated) are known not to work yet: their
    failure is reported and the run goes on; their success is reported too, so that the list can shrink.
    `--pending='*'` treats every step so, to survey an engine in one run (later steps may then fail only because
    an earlier one did).
    """
    args = sys.argv[1:]
    url = None
    pending = set(filter(None, os.environ.get("CLOUDFN_INTEROP_PENDING", "").split(",")))
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-h", "--help"):
            print(f"usage: {script} [EMULATOR_URL] [--pending STEP,STEP...]\n\n{description}")
            sys.exit(0)
        if a == "--pending":
            i += 1
            pending |= set(filter(None, args[i].split(","))) if i < len(args) else set()
        elif a.startswith("--pending="):
            pending |= set(filter(None, a.split("=", 1)[1].split(",")))
        elif url is None:
            url = a
        else:
            sys.exit(f"{script}: unexpected argument {a!r}")
        i += 1
    url = url or os.environ.get("CLOUDFN_EMULATOR_URL")
    if not url:
        sys.exit(f"{script}: give the emulator URL as the first argument or in $CLOUDFN_EMULATOR_URL")
    return url.rstrip("/"), pending


# ------------------------------------------------------------------------------------------ step runner ----


class Steps:
    """Runs named steps in order, one line each; stops at the first failure that is not pending."""

    def __init__(self, title, pending=()):
        self.title = title
        self.pending = set(pending)
        self.names = []
        self.passed = []
        self.pending_failed = []
        self.pending_passed = []
        self.started = time.monotonic()
        print(f"== {title}", flush=True)

    def is_pending(self, name):
        return name in self.pending or "*" in self.pending

    def run(self, name, fn):
        self.names.append(name)
        t0 = time.monotonic()
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - every failure is reported the same way
            ms = (time.monotonic() - t0) * 1000
            detail = f"{type(e).__name__}: {e}" if not isinstance(e, CheckFailed) else str(e)
            if self.is_pending(name):
                self.pending_failed.append(name)
                print(f"PENDING {name} ({ms:.0f} ms): still failing: {detail}", flush=True)
                if os.environ.get("CLOUDFN_INTEROP_VERBOSE"):
                    print("last HTTP exchange:\n" + last_exchange_text(), flush=True)
                return
            print(f"FAIL {name} ({ms:.0f} ms): {detail}", flush=True)
            if not isinstance(e, CheckFailed):
                traceback.print_exc(file=sys.stdout)
            print("last HTTP exchange:\n" + last_exchange_text(), flush=True)
            print(f"== {self.title}: FAILED at step {name!r} after {len(self.passed)} passing steps", flush=True)
            sys.exit(1)
        ms = (time.monotonic() - t0) * 1000
        if self.is_pending(name):
            self.pending_passed.append(name)
            note = "" if "*" in self.pending else " [listed as pending but passes: take it off the list]"
            print(f"ok   {name} ({ms:.0f} ms){note}", flush=True)
        else:
            print(f"ok   {name} ({ms:.0f} ms)", flush=True)
        self.passed.append(name)

    def finish(self):
        unknown = self.pending - set(self.names) - {"*"}
        total = time.monotonic() - self.started
        print(f"== {self.title}: {len(self.passed)} steps passed, {len(self.pending_failed)} pending steps failed "
              f"({', '.join(self.pending_failed) or 'none'}) in {total:.1f} s", flush=True)
        if unknown:
            print(f"unknown pending step names: {', '.join(sorted(unknown))}", flush=True)
            sys.exit(2)
