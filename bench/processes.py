"""Running a command in a child process and measuring the child by itself."""

import os
import subprocess
import time
from pathlib import Path

POLL_SECONDS = 0.05


def own_peak_kib(pid):
    """The peak resident memory of a running process's own memory (VmHWM, KiB); 0 once it
    has ended."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def run_measured(command, **options):
    """(exit status, wall seconds, CPU seconds, peak resident MB) of `command` in a child
    process (`options` go to `subprocess.Popen`).

    The peak is the child's VmHWM, read every `POLL_SECONDS` while it runs. Its ru_maxrss
    would not do: Linux carries the peak of the memory a process leaves at exec into its
    own, and a child that `subprocess` starts by vfork leaves this process's memory, so a
    child doing nothing would report this process's peak."""
    started = time.perf_counter()
    process = subprocess.Popen(command, **options)
    peak = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, own_peak_kib(process.pid))
        time.sleep(POLL_SECONDS)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, seconds, usage.ru_utime + usage.ru_stime, peak / 1024
