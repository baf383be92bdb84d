#!/usr/bin/env python3
"""Time a terminal program from start to the first screen of rows, and to a later text.

Runs COMMAND in an 80x24 (or --cols wide) pseudo-terminal, reads what it draws, and prints the seconds
until FIRST appears on screen and (optionally) until DONE appears, then sends QUIT keys
and reports how long the exit took. Screen text is matched on the raw output stream with
escape sequences removed, which is enough for a marker that is drawn in one piece.

    python3 benches/first_screen.py --cols 120 --first '@' --done 'ownrate' -- scout big.csv

Only changed cells are redrawn, so a marker is matched with the escapes and the unchanged
cells between its pieces removed: the title's '* = own rate', drawn when the load ends,
arrives as 'ownrate'.
    python3 benches/first_screen.py --first 'handle' -- csvlens big.csv
"""
import argparse, os, pty, re, select, signal, struct, sys, termios, fcntl, time

ESC = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>78]|\x1b\][^\x07]*\x07")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--first", required=True)
    ap.add_argument("--done")
    ap.add_argument("--quit", default="q")
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--cols", type=int, default=80)
    ap.add_argument("cmd", nargs="+")
    a = ap.parse_args()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(a.cmd[0], a.cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, a.cols, 0, 0))
    t0 = time.monotonic()
    seen = b""
    first = done = None
    while time.monotonic() - t0 < a.timeout:
        r, _, _ = select.select([fd], [], [], 0.01)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            now = time.monotonic() - t0
            # Answer the terminal queries a real terminal answers (cursor position, device
            # attributes, keyboard protocol), or programs that ask wait for a timeout.
            if b"\x1b[6n" in chunk:
                os.write(fd, b"\x1b[1;1R")
            if b"\x1b[c" in chunk or b"\x1b[0c" in chunk:
                os.write(fd, b"\x1b[?62;22c")
            if b"\x1b[?u" in chunk:
                os.write(fd, b"\x1b[?0u")
            text = ESC.sub(b"", chunk)
            seen = (seen + text)[-200000:]
            if first is None and a.first.encode() in seen:
                first = now
            if a.done and done is None and a.done.encode() in seen:
                done = now
        if first is not None and (a.done is None or done is not None):
            break
    q0 = time.monotonic()
    os.write(fd, a.quit.encode())
    status = None
    while time.monotonic() - q0 < 10:
        wpid, st = os.waitpid(pid, os.WNOHANG)
        if wpid:
            status = st
            break
        try:
            r, _, _ = select.select([fd], [], [], 0.01)
            if r:
                os.read(fd, 65536)
        except OSError:
            pass
    quit_s = time.monotonic() - q0
    if status is None:
        os.kill(pid, signal.SIGKILL)
    fmt = lambda v: "never" if v is None else f"{v:.3f}"
    print(f"first {fmt(first)} s  done {fmt(done)} s  quit {quit_s:.3f} s")

if __name__ == "__main__":
    main()
