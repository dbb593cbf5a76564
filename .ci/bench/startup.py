#!/usr/bin/env python3
"""Start-up time and idle memory of the desktop app under Xvfb (issue 5's benchmark).

Usage: startup.py BINARY RUNS IDLE_SECONDS     -> one JSON object on stdout

Each run starts the binary with no arguments (= the window) on a private Xvfb display,
with fresh XDG data/config/cache directories (a first start: no database, no saved
window state), and measures from just before exec():
- mapped_ms: until a viewable top-level window titled "Kanalansökan" exists (xdotool,
  polled every ~5 ms);
- painted_ms: until the web page has drawn into that window: the window's pixels, read
  with XGetImage on a 48x36 grid every ~5 ms, are no longer one plain colour (the
  empty web view is uniformly white/grey; the form has text and fields).
Then, after IDLE_SECONDS of doing nothing, the memory of ALL the app's processes (the
app plus WebKit's WebKitWebProcess / WebKitNetworkProcess, found as its descendants):
PSS from /proc/PID/smaps_rollup (shared pages divided among their users) and, for
comparison, RSS (which counts the shared libraries again in each process).
"Cold" means a new process and a first start for the app; the OS file cache is warm
(dropping it would need privileges and would disturb everything else on the machine).
"""
import ctypes
import ctypes.util
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

TITLE = "Kanalansökan"


def start_xvfb():
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=[write_fd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read_fd, 16)
        if not chunk:
            sys.exit("Xvfb did not report a display")
        number += chunk
    os.close(read_fd)
    return xvfb, ":" + number.decode().strip()


class Screen:
    """Just enough Xlib (via ctypes) to sample a window's pixels quickly."""

    def __init__(self, display):
        x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11"))
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XGetImage.restype = ctypes.c_void_p
        x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                  ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        x11.XGetPixel.restype = ctypes.c_ulong
        x11.XGetPixel.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
        x11.XDestroyImage.argtypes = [ctypes.c_void_p]
        x11.XSetErrorHandler.argtypes = [ctypes.c_void_p]
        self.x11 = x11
        # A window that goes away between two calls is not fatal: ignore X errors.
        self.handler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(lambda d, e: 0)
        x11.XSetErrorHandler(ctypes.cast(self.handler, ctypes.c_void_p))
        self.dpy = x11.XOpenDisplay(display.encode())
        if not self.dpy:
            sys.exit(f"cannot open display {display}")

    def colours(self, window, width, height):
        # 0x00ffffff = all planes, 2 = ZPixmap
        image = self.x11.XGetImage(self.dpy, window, 0, 0, width, height, 0x00FFFFFF, 2)
        if not image:
            return 0
        seen = {self.x11.XGetPixel(image, x * width // 48, y * height // 36)
                for x in range(48) for y in range(36)}
        self.x11.XDestroyImage(image)
        return len(seen)


def find_window(env):
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{TITLE}$"],
                           env=env, capture_output=True, text=True).stdout.split()
    return int(found[0]) if found else None


def geometry(window, env):
    info = subprocess.run(["xdotool", "getwindowgeometry", "--shell", str(window)],
                          env=env, capture_output=True, text=True).stdout
    values = dict(line.split("=", 1) for line in info.split())
    return int(values["WIDTH"]), int(values["HEIGHT"])


def descendants(root):
    kids = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            kids.setdefault(int(stat[stat.rfind(b")") + 2:].split()[1]), []).append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def field_kib(path, key):
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_name(pid):
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as f:
            return f.read().strip()
    except OSError:
        return "?"


def one_run(binary, env, screen, idle, shot=None):
    home = tempfile.mkdtemp(prefix="kanal-start-")
    run_env = dict(env, HOME=home, XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config",
                   XDG_CACHE_HOME=f"{home}/cache", XDG_STATE_HOME=f"{home}/state")
    start = time.perf_counter()
    app = subprocess.Popen([binary], env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        window = None
        while window is None:
            if app.poll() is not None:
                sys.exit(f"the app exited with {app.returncode} before showing a window")
            if time.perf_counter() - start > 30:
                sys.exit("no window after 30 s")
            window = find_window(run_env)
            if window is None:
                time.sleep(0.005)
        mapped = time.perf_counter() - start
        width, height = geometry(window, run_env)
        while screen.colours(window, width, height) < 3:
            if time.perf_counter() - start > 30:
                sys.exit("the window stayed blank for 30 s")
            time.sleep(0.005)
        painted = time.perf_counter() - start
        time.sleep(idle)
        processes = []
        for pid in descendants(app.pid):
            processes.append({"pid": pid, "name": process_name(pid),
                              "pss_kib": field_kib(f"/proc/{pid}/smaps_rollup", "Pss:"),
                              "rss_kib": field_kib(f"/proc/{pid}/status", "VmRSS:")})
        if shot:
            subprocess.run(["import", "-window", "root", shot], env=run_env, check=False)
        return {"mapped_ms": mapped * 1000, "painted_ms": painted * 1000, "window": window,
                "processes": processes}
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(timeout=5)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        shutil.rmtree(home, ignore_errors=True)


def main():
    binary, runs, idle = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    xvfb, display = start_xvfb()
    try:
        env = dict(os.environ, DISPLAY=display)
        env.pop("WAYLAND_DISPLAY", None)
        screen = Screen(display)
        # The last run also saves a screenshot of the screen (after the memory reading).
        shot = os.environ.get("STARTUP_SCREENSHOT")
        results = [one_run(binary, env, screen, idle, shot if i == runs - 1 else None)
                   for i in range(runs)]
    finally:
        xvfb.terminate()
        xvfb.wait()
    mib = lambda kib: round(kib / 1024, 1)
    last = results[-1]["processes"]
    print(json.dumps({
        "runs": runs,
        "idle_seconds": idle,
        "mapped_ms_median": round(statistics.median(r["mapped_ms"] for r in results), 1),
        "mapped_ms_all": [round(r["mapped_ms"], 1) for r in results],
        "painted_ms_median": round(statistics.median(r["painted_ms"] for r in results), 1),
        "painted_ms_all": [round(r["painted_ms"], 1) for r in results],
        "idle_pss_mib_median": mib(statistics.median(sum(p["pss_kib"] for p in r["processes"]) for r in results)),
        "idle_rss_mib_median": mib(statistics.median(sum(p["rss_kib"] for p in r["processes"]) for r in results)),
        "last_run_processes": [{"name": p["name"], "pss_mib": mib(p["pss_kib"]), "rss_mib": mib(p["rss_kib"])}
                               for p in last],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
