#!/usr/bin/env python3
"""What each part of the page costs WebKit's web process (issue 17; a benchmark, not a test).

Usage: page_parts.py [--rounds N] [--idle S] [--env NAME=VALUE ...] [--ui DIR]

--ui measures another copy of the page (e.g. an older one: git archive main ui | tar -x -C DIR).

The page cannot be changed in the release binary without a rebuild (Tauri compiles `ui/`
in), so this loads copies of `ui/` with parts removed into WebKitGTK's own MiniBrowser (the
same WebKit as the window) on a private Xvfb, served from 127.0.0.1, with a stand-in for
Tauri's IPC (`window.__TAURI_INTERNALS__.invoke` answering a first start: no applications,
a new draft). Each variant is loaded in alternating rounds; after S idle seconds the PSS of
MiniBrowser's WebKitWebProcess is read. Variants, each adding to the one before:

  bare         the bare window's page (minimal-tauri/ui)
  bare+script  the same with one tiny module: JavaScriptCore's baseline, which the real
               bare window pays too (Tauri injects its own scripts into every page)
  html+css     our index.html and style sheets, no scripts (top bar and sidebar; the form
               stays hidden until the script shows it)
  modules      our scripts loaded and run, but not start(): the modules and their views
  ours         the whole page as it starts

--env passes settings to WebKit, e.g. WEBKIT_DISABLE_COMPOSITING_MODE=1 (CPU memory only,
much less noisy) or WEBKIT_SKIA_ENABLE_CPU_RENDERING=1.
"""
import argparse
import functools
import http.server
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import startup  # noqa: E402

MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

IPC_STAND_IN = """// Stands in for Tauri's IPC (page_parts.py): a first start, no applications.
(() => {
  const person = () => ({ name: '', phone: '', email: '' });
  const draft = { schema_version: 1, id: '5f0c6c1e-8a3b-4d1e-9f4a-2b7c9d0e1a23', version: 1,
    unit: '', channels: [{ platform: '', address: '' }], purpose: '', audience: '',
    responsible: [person()], operators: [person(), person()], guidelines_read: false,
    approval: { date: '', name: '' } };
  const answers = { app_info: { version: '0', db_path: '/tmp/x' }, list_applications: [],
    new_draft: draft, get_application: draft, validate_application: [] };
  window.__TAURI_INTERNALS__ = {
    invoke: async (cmd) => (cmd in answers ? structuredClone(answers[cmd]) : null),
  };
})();
"""
MAIN = '<script type="module" src="js/main.js"></script>'


def make_variants(work, ui):
    def ours(name, edit_html=lambda s: s, edit_main=lambda s: s):
        d = os.path.join(work, name)
        shutil.copytree(ui, d)
        with open(os.path.join(d, "ipc-stand-in.js"), "w", encoding="utf-8") as f:
            f.write(IPC_STAND_IN)
        for path, edit in (("index.html", edit_html), ("js/main.js", edit_main)):
            p = os.path.join(d, path)
            with open(p, encoding="utf-8") as f:
                text = f.read()
            with open(p, "w", encoding="utf-8") as f:
                f.write(edit(text))
        return d

    with_ipc = lambda s: s.replace(MAIN, '<script src="ipc-stand-in.js"></script>\n  ' + MAIN)
    bare = os.path.join(work, "bare")
    shutil.copytree(os.path.join(ROOT, ".ci/bench/minimal-tauri/ui"), bare)
    script = os.path.join(work, "bare+script")
    shutil.copytree(bare, script)
    with open(os.path.join(script, "tiny.js"), "w") as f:
        f.write("document.title = 'Kanalansökan';\n")
    p = os.path.join(script, "index.html")
    with open(p, encoding="utf-8") as f:
        text = f.read()
    with open(p, "w", encoding="utf-8") as f:
        f.write(text.replace("</head>", '<script type="module" src="tiny.js"></script></head>'))
    return {
        "bare": bare,
        "bare+script": script,
        "html+css": ours("html+css", lambda s: s.replace(MAIN, "")),
        "modules": ours("modules", with_ipc, lambda s: s.replace("\nstart();", "\n")),
        "ours": ours("ours", with_ipc),
    }


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=directory))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def web_process_pss(url, env, idle):
    home = tempfile.mkdtemp(prefix="page-parts-")
    run_env = dict(env, HOME=home, XDG_CACHE_HOME=f"{home}/cache", XDG_DATA_HOME=f"{home}/data",
                   XDG_CONFIG_HOME=f"{home}/config")
    browser = subprocess.Popen([MINIBROWSER, "--geometry=1100x860", url], env=run_env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children = []
    try:
        time.sleep(idle)
        children = startup.descendants(browser.pid)
        return sum(startup.field_kib(f"/proc/{pid}/smaps_rollup", "Pss:")
                   for pid in children
                   if startup.process_name(pid).startswith("WebKitWebProces")) / 1024
    finally:
        browser.send_signal(signal.SIGTERM)
        browser.wait()
        # PSS divides shared pages among the processes mapping them: the next run is
        # measured only when this run's WebKit processes are gone.
        deadline = time.monotonic() + 10
        while any(os.path.exists(f"/proc/{pid}") for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        shutil.rmtree(home, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--idle", type=float, default=6)
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--ui", default=os.path.join(ROOT, "ui"))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="page-parts-")
    xvfb = None
    try:
        variants = make_variants(work, a.ui)
        servers = {name: serve(d) for name, d in variants.items()}
        xvfb, display = startup.start_xvfb()
        env = dict(os.environ, DISPLAY=display, **dict(e.split("=", 1) for e in a.env))
        env.pop("WAYLAND_DISPLAY", None)
        pss = {name: [] for name in variants}
        names = list(variants)
        for r in range(a.rounds):
            for name in names if r % 2 == 0 else names[::-1]:
                url = f"http://127.0.0.1:{servers[name].server_address[1]}/index.html"
                pss[name].append(web_process_pss(url, env, a.idle))
    finally:
        if xvfb:
            xvfb.terminate()
            xvfb.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(f"WebKitWebProcess PSS in MiniBrowser, {a.rounds} alternating rounds, idle {a.idle:g} s"
          f"{', ' + ' '.join(a.env) if a.env else ''}: median (min–max), and the step from the row above\n")
    print("| page | web process PSS | step |")
    print("|---|---:|---:|")
    previous = None
    for name in names:
        med = statistics.median(pss[name])
        step = "" if previous is None else f"{med - previous:+.1f} MiB"
        print(f"| {name} | {med:.1f} MiB ({min(pss[name]):.1f}–{max(pss[name]):.1f}) | {step} |")
        previous = med


if __name__ == "__main__":
    main()
