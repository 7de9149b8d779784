#!/usr/bin/env python3
"""coopdx's PDF report vs a browser printing the same report, in one run.

For every example, both sides produce the same document from the same
assessment file, as whole processes started from here:

  * coopdx:  `coopdx report EXAMPLE -o out.pdf` (release build), which
    reads the file, scores, plans, lays out and writes the PDF;
  * browser: `coopdx report EXAMPLE -o out.html --format html` (the same
    report content, from the same blocks, with print CSS and the same
    embedded Noto Sans subsets), then headless Chromium `--print-to-pdf` of
    that page with a fresh profile folder. Both steps are counted: producing
    the content is part of the work.

Measured the same way on both sides:

  * time: wall time from spawning the (first) process to the exit of the
    (last) one, time.perf_counter(); for the browser that is both steps;
  * memory: peak PSS of the whole process tree: `Pss` of
    /proc/PID/smaps_rollup summed over every process below this script
    (which is a child subreaper, so Chromium's crashpad handlers, which
    double-fork and setsid, stay in the tree), sampled as fast as the
    sampler can walk /proc (a few ms a sample: very short peaks can be
    missed, on both sides, and the sampler takes CPU from both alike).
    PSS divides every shared page among the processes mapping it, so
    nothing is counted twice. For the browser side the peak is the larger
    of its two steps' peaks. Processes a command leaves behind are waited
    for, untimed, before the next run;
  * size: bytes of the PDF written.

Also shown, as a cross-check: the kernel's peak RSS of the largest single
process (`ru_maxrss` from wait4, exact, no sampling).

A warm-up run of each side comes first, then ROUNDS runs of each side,
alternating (coopdx, browser, coopdx, ...) so that load from elsewhere
falls on both. Page counts (pdfinfo) of both PDFs are compared after the
warm-up: a pair more than 15% apart stops the run, since the comparison
would not be of the same document.

Usage: python3 benches/browser.py [ROUNDS]   (default 10; needs Debian's
chromium and poppler-utils). Not a test: run it by hand; figures go to
benches/README.md.
"""
import ctypes, datetime, os, platform, resource, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COOPDX = os.path.join(ROOT, "target", "release", "coopdx")
EXAMPLES = ["htx-nong-nghiep-khoi-dau.yaml", "htx-nong-nghiep-tien-tien.yaml", "htx-may-tre-dan.yaml",
            "quy-tin-dung-nhan-dan.yaml", "to-hop-tac-rau.yaml", "htx-van-tai.yaml"]
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-pdf-header-footer"]
PAGE_TOLERANCE = 0.15


ME = os.getpid()
SAMPLES = [0]  # memory samples taken during the current measured run


def become_subreaper():
    """Processes that leave the tree (Chromium's crashpad handlers double-fork
    and call setsid) are re-parented to this script instead of init, so they
    stay in the measured tree."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER
        sys.exit(f"prctl(PR_SET_CHILD_SUBREAPER): {os.strerror(ctypes.get_errno())}")


def descendants():
    """Every live process below this script."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, stack = [], list(children.get(ME, []))
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def tree_pss_kb():
    """Summed PSS (KiB) of the measured process tree."""
    total = 0
    for pid in descendants():
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        break
        except (OSError, IndexError, ValueError):
            continue
    return total


def reap(main, state):
    """Reaps every exited child (the command and adopted orphans), keeping
    the command's status and the largest ru_maxrss."""
    while True:
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        state["maxrss"] = max(state["maxrss"], usage.ru_maxrss)
        if pid == main:
            state["status"] = status


def run(cmd):
    """Runs `cmd`, sampling the tree's PSS until it exits: (exit time,
    peak PSS KiB of the tree, peak RSS KiB of its largest process). Waits,
    untimed, for processes it left behind before returning."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        state = {"status": None, "maxrss": 0}
        peak = 0
        while True:
            reap(proc.pid, state)
            if state["status"] is not None:
                break
            peak = max(peak, tree_pss_kb())
            SAMPLES[-1] += 1
            time.sleep(0.001)
        end = time.perf_counter()
        proc.returncode = code = os.waitstatus_to_exitcode(state["status"])
        if code != 0:
            err.seek(0)
            sys.exit(f"failed ({code}): {' '.join(cmd)}\n{err.read().decode(errors='replace')}")
    deadline = time.time() + 30
    while descendants():
        if time.time() > deadline:
            sys.exit(f"processes left running by {cmd[0]}: {descendants()}")
        reap(proc.pid, state)
        time.sleep(0.01)
    return end, peak, state["maxrss"]


def cpu_seconds():
    """(busy CPU seconds of the whole machine, CPU seconds of this script
    and every child it reaped)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal: busy is all but idle, iowait
    busy = (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
    mine = sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))
    return busy, mine


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(next(l.split()[1] for l in out.splitlines() if l.startswith("Pages:")))


class Side:
    def __init__(self):
        self.times, self.pss, self.maxrss, self.sizes, self.samples = [], [], [], [], []

    def add(self, t, pss, maxrss, size):
        self.samples.append(SAMPLES[-1])
        self.times.append(t)
        self.pss.append(pss)
        self.maxrss.append(maxrss)
        self.sizes.append(size)


def coopdx_run(example, pdf):
    SAMPLES.append(0)
    start = time.perf_counter()
    end, pss, rss = run([COOPDX, "report", example, "-o", pdf])
    return end - start, pss, rss, os.path.getsize(pdf)


def browser_run(example, html, pdf, tmp):
    profile = tempfile.mkdtemp(prefix="profile-", dir=tmp)
    SAMPLES.append(0)
    start = time.perf_counter()
    _, pss1, rss1 = run([COOPDX, "report", example, "-o", html, "--format", "html"])
    end, pss2, rss2 = run(CHROMIUM + [f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", "file://" + html])
    shutil.rmtree(profile, ignore_errors=True)
    return end - start, max(pss1, pss2), max(rss1, rss2), os.path.getsize(pdf)


def spread(values, scale, fmt):
    return "/".join(fmt.format(v * scale) for v in (min(values), statistics.median(values), max(values)))


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} {platform.release()}"


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    if rounds < 1:
        sys.exit("ROUNDS must be at least 1")
    become_subreaper()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    print(f"date: {datetime.date.today():%d/%m/%Y}; coopdx {commit}; {chromium}")
    print(f"machine: {machine()}")
    print(f"load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(f"{rounds} runs each side per example after one warm-up; figures are min/median/max\n")
    tmp = tempfile.mkdtemp(prefix="coopdx-bench-")
    rows, ratios = [], []
    started, (busy0, mine0) = time.monotonic(), cpu_seconds()
    for name in EXAMPLES:
        example = os.path.join(ROOT, "examples", name)
        pdf = os.path.join(tmp, name + ".pdf")
        html = os.path.join(tmp, name + ".html")
        browser_pdf = os.path.join(tmp, name + ".browser.pdf")
        coopdx_run(example, pdf)
        browser_run(example, html, browser_pdf, tmp)
        ours, theirs = pages(pdf), pages(browser_pdf)
        if abs(theirs - ours) > PAGE_TOLERANCE * ours:
            sys.exit(f"{name}: coopdx {ours} pages, browser {theirs}: more than {PAGE_TOLERANCE:.0%} apart, "
                     f"not the same document; see {tmp}")
        c, b = Side(), Side()
        for _ in range(rounds):
            c.add(*coopdx_run(example, pdf))
            b.add(*browser_run(example, html, browser_pdf, tmp))
        r = (statistics.median(b.times) / statistics.median(c.times),
             statistics.median(b.pss) / statistics.median(c.pss),
             statistics.median(b.sizes) / statistics.median(c.sizes))
        ratios.append(r)
        rows.append((name, ours, theirs, c, b, r, os.path.getsize(html)))
        print(f"{name}: pages {ours} vs {theirs}; ms {spread(c.times, 1e3, '{:.0f}')} vs {spread(b.times, 1e3, '{:.0f}')}; "
              f"PSS MiB {spread(c.pss, 1 / 1024, '{:.1f}')} vs {spread(b.pss, 1 / 1024, '{:.0f}')}; "
              f"memory samples a run {statistics.median(c.samples):.0f} vs {statistics.median(b.samples):.0f}", flush=True)
    busy1, mine1 = cpu_seconds()
    wall = time.monotonic() - started
    others = max(0.0, (busy1 - busy0) - (mine1 - mine0))
    print(f"\nload after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(f"other processes used {others:.0f} CPU-seconds during the {wall:.0f} s of runs "
          f"({others / (wall * os.cpu_count()):.0%} of the machine; this script and its children "
          f"{mine1 - mine0:.0f} s)\n")

    print("| example | pages | coopdx ms | browser ms | coopdx PSS MiB | browser PSS MiB | coopdx KB | browser KB "
          "| faster | less memory | smaller |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, ours, theirs, c, b, r, _ in rows:
        print(f"| {name[:-5]} | {ours} / {theirs} | {spread(c.times, 1e3, '{:.0f}')} | {spread(b.times, 1e3, '{:.0f}')} "
              f"| {spread(c.pss, 1 / 1024, '{:.1f}')} | {spread(b.pss, 1 / 1024, '{:.0f}')} "
              f"| {spread(c.sizes, 1 / 1024, '{:.0f}')} | {spread(b.sizes, 1 / 1024, '{:.0f}')} "
              f"| {r[0]:.1f}× | {r[1]:.1f}× | {r[2]:.1f}× |")
    med = [statistics.median(x[i] for x in ratios) for i in range(3)]
    print(f"| **median of the ratios** | | | | | | | | **{med[0]:.1f}×** | **{med[1]:.1f}×** | **{med[2]:.1f}×** |")

    print("\nCross-check, peak RSS of the largest single process (ru_maxrss), median MiB, and the HTML page:\n")
    print("| example | coopdx | browser (largest of its processes) | ratio | HTML KB |")
    print("|---|---|---|---|---|")
    for name, _, _, c, b, _, html_size in rows:
        cm, bm = statistics.median(c.maxrss), statistics.median(b.maxrss)
        print(f"| {name[:-5]} | {cm / 1024:.1f} | {bm / 1024:.0f} | {bm / cm:.1f}× | {html_size / 1024:.0f} |")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
