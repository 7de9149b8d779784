#!/usr/bin/env python3
"""coopdx report vs a browser's print-to-PDF, side by side in one run.

For each example: wall time, peak memory of the whole process tree (sampled
from /proc every 5 ms, so Chromium's helper processes count) and PDF size of

  * `coopdx report EXAMPLE -o out.pdf` (release build), and
  * `coopdx plan EXAMPLE --format html` printed by headless Chromium
    (`--print-to-pdf`), which is what users do today.

Usage: python3 benches/browser.py [ROUNDS]   (needs Debian's chromium)
Not a test: run it by hand; figures go to benches/README.md.
"""
import os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COOPDX = os.path.join(ROOT, "target", "release", "coopdx")
EXAMPLES = ["htx-nong-nghiep-khoi-dau.yaml", "htx-nong-nghiep-tien-tien.yaml", "htx-may-tre-dan.yaml",
            "quy-tin-dung-nhan-dan.yaml", "to-hop-tac-rau.yaml", "htx-van-tai.yaml"]
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-pdf-header-footer"]


def tree_rss_kb(pid):
    """Resident memory of `pid` and all its descendants, in KiB."""
    children = {}
    rss = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ppid = int(fields[1])
            with open(f"/proc/{entry}/statm") as f:
                pages = int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def run(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kb(proc.pid))
        time.sleep(0.005)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return elapsed, peak


def measure(cmd, out, rounds):
    times, peaks = [], []
    for _ in range(rounds):
        t, m = run(cmd)
        times.append(t)
        peaks.append(m)
    return statistics.median(times), max(peaks), os.path.getsize(out)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    tmp = tempfile.mkdtemp(prefix="coopdx-bench-")
    print(f"{'example':34} {'coopdx ms':>9} {'MiB':>6} {'KB':>6} | {'chromium ms':>11} {'MiB':>6} {'KB':>6} | {'faster':>6} {'memory':>6} {'smaller':>7}")
    ratios = []
    for name in EXAMPLES:
        example = os.path.join(ROOT, "examples", name)
        pdf = os.path.join(tmp, name + ".pdf")
        html = os.path.join(tmp, name + ".html")
        browser_pdf = os.path.join(tmp, name + ".browser.pdf")
        subprocess.run([COOPDX, "plan", example, "--format", "html", "-o", html], check=True)
        c = measure([COOPDX, "report", example, "-o", pdf], pdf, rounds)
        profile = os.path.join(tmp, "profile")
        b = measure(CHROMIUM + [f"--user-data-dir={profile}", f"--print-to-pdf={browser_pdf}", "file://" + html],
                    browser_pdf, max(2, rounds // 2))
        r = (b[0] / c[0], b[1] / max(c[1], 1), b[2] / c[2])
        ratios.append(r)
        print(f"{name:34} {c[0]*1e3:9.1f} {c[1]/1024:6.1f} {c[2]/1024:6.1f} | {b[0]*1e3:11.1f} {b[1]/1024:6.1f} {b[2]/1024:6.1f} | "
              f"{r[0]:5.1f}x {r[1]:5.1f}x {r[2]:6.1f}x")
    print("median ratios: {:.1f}x faster, {:.1f}x less memory, {:.1f}x smaller".format(
        *(statistics.median(x[i] for x in ratios) for i in range(3))))


if __name__ == "__main__":
    main()
