#!/usr/bin/env python3
"""Sends one INVITE to a SIP redirect service over UDP and prints the final
response's status line and headers (provisional answers are skipped), or
"none" when nothing final came within the timeout.

    sip_ask.py PORT REQUEST_URI [HEADER ...] [--timeout SECONDS]

Used by tests/fleet/run-propagation.sh to ask two services, over and over,
what they now answer for a number or a transfer.
"""
import argparse
import socket
import sys
import time
import uuid


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("port", type=int)
    p.add_argument("ruri")
    p.add_argument("headers", nargs="*")
    p.add_argument("--timeout", type=float, default=3.0)
    a = p.parse_args()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    local = s.getsockname()[1]
    tag = uuid.uuid4().hex[:12]
    extra = "".join(h + "\r\n" for h in a.headers)
    invite = (f"INVITE {a.ruri} SIP/2.0\r\n"
              f"Via: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bK-{tag}\r\n"
              f"From: <sip:fleet@127.0.0.1:{local}>;tag={tag}\r\n"
              f"To: <{a.ruri}>\r\n"
              f"Call-ID: {tag}@127.0.0.1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
              f"Contact: <sip:fleet@127.0.0.1:{local}>\r\n{extra}Content-Length: 0\r\n\r\n")
    deadline = time.monotonic() + a.timeout
    s.sendto(invite.encode(), ("127.0.0.1", a.port))
    while time.monotonic() < deadline:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            data = s.recv(65535).decode(errors="replace")
        except socket.timeout:
            break
        status = data.split("\r\n", 1)[0]
        if status.startswith("SIP/2.0 1"):
            continue
        # The ACK a final non-2xx answer asks for (RFC 3261 17.1.1.3).
        ack = (f"ACK {a.ruri} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bK-{tag}\r\n"
               f"From: <sip:fleet@127.0.0.1:{local}>;tag={tag}\r\n"
               + "".join(l + "\r\n" for l in data.split("\r\n") if l.lower().startswith("to:"))
               + f"Call-ID: {tag}@127.0.0.1\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
        s.sendto(ack.encode(), ("127.0.0.1", a.port))
        sys.stdout.write(data.split("\r\n\r\n", 1)[0].replace("\r\n", "\n") + "\n")
        return 0
    print("none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
