"""A small Python service instrumented with the real Pyroscope Python SDK (pyroscope-io), for the peers tier.

Usage: service.py SERVER_URL VERSION. It pushes CPU profiles every second until its stdin closes, then shuts
the SDK down (which sends what it still holds) and exits.
"""
import hashlib
import sys
import threading

import pyroscope


def checksum_rounds(rounds):
    """The CPU hot spot."""
    data = b"perflens"
    for _ in range(rounds):
        data = hashlib.sha256(data).digest()
    return data


def main():
    server, version = sys.argv[1], sys.argv[2]
    pyroscope.configure(
        application_name="billing",
        server_address=server,
        tags={"version": version, "region": "eu"},
        upload_interval=1,
        sample_rate=100,
    )
    stopping = threading.Event()

    def wait_for_stdin():
        sys.stdin.read()
        stopping.set()

    threading.Thread(target=wait_for_stdin, daemon=True).start()
    print("STARTED", flush=True)
    while not stopping.is_set():
        checksum_rounds(2000)
    pyroscope.shutdown()


if __name__ == "__main__":
    main()
