#!/usr/bin/env python3
"""Sends one SIP message, byte for byte, to a server over UDP or TCP and
prints the status code of the first response: "none" when none came within
the timeout, "closed" when a TCP server closed the connection without one.

    send_raw.py --udp|--tcp HOST PORT FILE [--timeout SECONDS]

Used by tests/sip/run-sip.sh for the RFC 4475 torture messages: they are
sent as they are, malformed ones included, so no SIP library may touch them.

A server answers as the top Via says (RFC 3261 section 18.2.2), and drops a
request whose Via names another transport than the one it came over. The
torture messages were written for UDP: the one change made to a message is
the transport of its first "SIP/2.0/<transport>" (the top Via), set to the
one used. The sender also listens on both transports at its local port (a
UDP socket and a TCP listener, besides the connection itself), for a server
that answers another way.
"""
import re
import argparse
import select
import socket
import sys
import time


def status_of(data: bytes) -> str:
    line = data.split(b"\r\n", 1)[0].split(b"\n", 1)[0]
    parts = line.split(b" ")
    if len(parts) >= 2 and parts[0].startswith(b"SIP/") and parts[1].isdigit():
        return parts[1].decode()
    return "garbage"


def main() -> int:
    p = argparse.ArgumentParser()
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--udp", action="store_true")
    g.add_argument("--tcp", action="store_true")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("file")
    p.add_argument("--timeout", type=float, default=2.0)
    a = p.parse_args()
    with open(a.file, "rb") as f:
        message = f.read()
    transport = b"UDP" if a.udp else b"TCP"
    message = re.sub(rb"(?i)(SIP\s*/\s*2\.0\s*/\s*)(UDP|TCP|TLS|SCTP)\b", lambda m: m.group(1) + transport, message, count=1)

    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    conn = None
    if a.udp:
        # A UDP port whose TCP twin is free too.
        for _ in range(50):
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
            try:
                listener.bind(("127.0.0.1", port))
                break
            except OSError:
                udp.close()
                udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        listener.listen(4)
        udp.sendto(message, (a.host, a.port))
    else:
        conn = socket.create_connection((a.host, a.port), timeout=a.timeout)
        port = conn.getsockname()[1]
        udp.bind(("127.0.0.1", port))
        listener.close()
        listener = None
        conn.sendall(message)

    readers = [udp] + ([listener] if listener else []) + ([conn] if conn else [])
    streams = {}
    deadline = time.monotonic() + a.timeout
    closed = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select(readers, [], [], max(0.0, deadline - time.monotonic()))
        for s in ready:
            if s is udp:
                data, _ = udp.recvfrom(65535)
                print(status_of(data))
                return 0
            if s is listener:
                c, _ = listener.accept()
                streams[c] = b""
                readers.append(c)
                continue
            chunk = s.recv(65535)
            if not chunk:
                readers.remove(s)
                if s is conn:
                    closed = True
                continue
            streams[s] = streams.get(s, b"") + chunk
            if b"\r\n" in streams[s]:
                print(status_of(streams[s]))
                return 0
    print("closed" if closed else "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
