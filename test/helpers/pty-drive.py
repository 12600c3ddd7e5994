#!/usr/bin/env python3
"""Runs a command in a real pseudo-terminal and types into it: keystrokes in, screen out.

Usage: pty-drive.py SCRIPT_JSON -- COMMAND [ARGS...]
SCRIPT_JSON is a list of steps {"expect": regex, "send": text, "timeout": seconds}: wait until the
regex matches the screen text printed since the previous match (ANSI sequences removed), then type
`send`. Prints one JSON document: {"transcript", "raw", "exit", "failed_step"} ("raw": what the
terminal got, escape sequences included). The terminal is PTY_COLUMNS x PTY_ROWS (default 160 x 50).
"""
import fcntl, json, os, pty, re, select, signal, struct, sys, termios, time

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\x1b\][^\x07]*\x07")


def clean(raw: bytes) -> str:
    text = ANSI.sub("", raw.decode("utf-8", "replace"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def main() -> None:
    split = sys.argv.index("--")
    steps = json.loads(sys.argv[1])
    command = sys.argv[split + 1 :]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    rows = int(os.environ.get("PTY_ROWS", "50"))
    columns = int(os.environ.get("PTY_COLUMNS", "160"))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    raw = b""
    cursor = 0
    failed = None

    def pump(deadline: float) -> bool:
        nonlocal raw
        ready, _, _ = select.select([fd], [], [], max(0.0, min(0.2, deadline - time.time())))
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            raw += chunk
        return True

    for index, step in enumerate(steps):
        deadline = time.time() + step.get("timeout", 60)
        pattern = re.compile(step["expect"])
        alive = True
        while True:
            match = pattern.search(clean(raw), cursor)
            if match:
                cursor = match.end()
                break
            if time.time() > deadline or not alive:
                failed = {"index": index, "expect": step["expect"]}
                break
            alive = pump(deadline)
        if failed:
            break
        time.sleep(0.15)  # let the prompt finish drawing before typing, as a person would
        os.write(fd, step.get("send", "").encode())

    deadline = time.time() + 60
    while time.time() < deadline and pump(deadline):
        pass
    if failed:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({"transcript": clean(raw), "raw": raw.decode("utf-8", "replace"), "exit": code, "failed_step": failed}))


main()
