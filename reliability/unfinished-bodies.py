#!/usr/bin/env python3
"""Holds many connections with unfinished request bodies against a running server and samples its RSS.

Usage: unfinished-bodies.py <server-pid> <port> [connections] [body-bytes] [hold-seconds]
Prints one line per phase: the server's RSS (from /proc/<pid>/status) and how many connections
the server has closed. Issue 7 item 4; see docs/reliability.md.
"""
import socket
import sys
import time

pid, port = int(sys.argv[1]), int(sys.argv[2])
count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
body = int(sys.argv[4]) if len(sys.argv) > 4 else 1_000_000
hold = float(sys.argv[5]) if len(sys.argv) > 5 else 45


def rss_mb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return -1


def report(phase, extra=""):
    print(f"{phase:<28} rss={rss_mb():>5} MB {extra}", flush=True)


report("baseline")
head = (f"POST /submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {body + 1000}\r\n\r\n").encode()
conns = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.setblocking(False)
    conns.append([s, head + b"{" + b" " * (body - 1), False])

chunk = 64 * 1024
peak = 0
deadline = time.time() + 60
while time.time() < deadline and any(not c[2] and c[1] for c in conns):
    for c in conns:
        if c[2] or not c[1]:
            continue
        try:
            n = c[0].send(c[1][:chunk])
            c[1] = c[1][n:]
        except BlockingIOError:
            pass
        except OSError:
            c[2] = True  # closed by the server
    peak = max(peak, rss_mb())
sent = sum(1 for c in conns if not c[1])
report("bodies sent (unfinished)", f"peak={peak} MB fully-sent={sent}/{count}")


def closed_by_server():
    n = 0
    for c in conns:
        if c[2]:
            n += 1
            continue
        try:
            data = c[0].recv(4096)
            if data == b"" or data.startswith(b"HTTP/1.1 408"):
                c[2] = True
                n += 1
        except BlockingIOError:
            pass
        except OSError:
            c[2] = True
            n += 1
    return n


end = time.time() + hold
while time.time() < end:
    # keep trickling one byte per connection every 2 s (a slow-loris body)
    for c in conns:
        if not c[2]:
            try:
                c[0].send(b" ")
            except OSError:
                pass
    peak = max(peak, rss_mb())
    time.sleep(2)
report(f"after holding {hold:.0f}s", f"peak={peak} MB closed-by-server={closed_by_server()}/{count}")
for c in conns:
    c[0].close()
time.sleep(5)
report("5s after client closed all")
time.sleep(40)
report("45s after client closed all")
