#!/usr/bin/env python3
"""A lossy network link between two network namespaces, for kernels without netem.

One TUN device in each namespace (the app's and the gateway's); every IP packet read from one
is written to the other after a one-way delay of rtt/2 plus uniform jitter in [-j, +j], or
dropped with probability `loss` (each direction, each packet, independently). Packets are IP
packets, so TCP sees real loss and real delay: its own retransmission timers (RTO,
fast retransmit, SACK) do the recovery, as on a lossy WAN path. Jitter may reorder packets,
as a real path may. Addresses are from 127.0.0.0/8 (route_localnet in the two namespaces only),
so nothing ever leaves this machine.

Usage (root): lossy-link.py NS_APP NS_GATEWAY RTT_MS JITTER_MS LOSS SEED
Prints "ready" when both devices are up; runs until stdin closes or it is killed.
"""
import ctypes
import fcntl
import heapq
import os
import random
import select
import struct
import subprocess
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000
APP_ADDR = "127.0.19.1"
GATEWAY_ADDR = "127.0.19.2"

libc = ctypes.CDLL("libc.so.6", use_errno=True)


def enter(ns):
    fd = os.open(f"/var/run/netns/{ns}", os.O_RDONLY)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), f"setns {ns}")
    os.close(fd)


def tun_in(ns, name, local, peer):
    enter(ns)
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    run = lambda *args: subprocess.run(["ip", "netns", "exec", ns, *args], check=True)
    run("sysctl", "-q", "-w", "net.ipv4.conf.all.route_localnet=1")
    run("sysctl", "-q", "-w", f"net.ipv4.conf.{name}.route_localnet=1")
    run("sysctl", "-q", "-w", "net.ipv4.conf.all.rp_filter=0")
    run("sysctl", "-q", "-w", f"net.ipv4.conf.{name}.rp_filter=0")
    run("ip", "link", "set", "lo", "up")
    run("ip", "addr", "add", f"{local}/32", "peer", f"{peer}/32", "dev", name)
    run("ip", "link", "set", name, "up")
    return fd


def main():
    ns_app, ns_gw, rtt, jitter, loss, seed = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
    rng = random.Random(seed)
    app = tun_in(ns_app, "i19app", APP_ADDR, GATEWAY_ADDR)
    gw = tun_in(ns_gw, "i19gw", GATEWAY_ADDR, APP_ADDR)
    other = {app: gw, gw: app}
    queue = []  # (due, seq, fd, packet)
    seq = 0
    counts = {"forwarded": 0, "dropped": 0}
    print("ready", flush=True)
    stdin = sys.stdin.fileno()
    while True:
        timeout = max(0.0, queue[0][0] - time.monotonic()) if queue else 1.0
        readable, _, _ = select.select([app, gw, stdin], [], [], timeout)
        if stdin in readable and not os.read(stdin, 4096):
            print(f"forwarded {counts['forwarded']} dropped {counts['dropped']}", file=sys.stderr, flush=True)
            return
        for fd in (app, gw):
            if fd not in readable:
                continue
            while True:
                try:
                    packet = os.read(fd, 65535)
                except BlockingIOError:
                    break
                if rng.random() < loss:
                    counts["dropped"] += 1
                    continue
                delay = rtt / 2 + (rng.uniform(-jitter, jitter) if jitter > 0 else 0)
                seq += 1
                heapq.heappush(queue, (time.monotonic() + max(0.0, delay) / 1000, seq, other[fd], packet))
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, fd, packet = heapq.heappop(queue)
            try:
                os.write(fd, packet)
                counts["forwarded"] += 1
            except OSError:
                counts["dropped"] += 1


if __name__ == "__main__":
    main()
