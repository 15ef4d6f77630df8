"""A syslog sink for swift: a unix datagram socket whose messages go to a file.

Swift only logs through syslog; without /dev/log it falls back to UDP on
0.0.0.0.  Every swift conf sets ``log_address`` to this socket instead.
Usage: swiftlog.py SOCKET LOGFILE   (stdlib only, runs until SIGTERM)
"""

import os
import re
import socket
import sys
import time


def main(sock_path, log_path):
    if os.path.exists(sock_path):
        os.unlink(sock_path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sock_path)
    with open(log_path, "a", buffering=1) as out:
        while True:
            data = sock.recv(65536).decode("utf-8", "replace")
            data = re.sub(r"^<\d+>", "", data).rstrip("\n\x00")  # drop the syslog priority
            out.write("%s %s\n" % (time.strftime("%Y-%m-%d %H:%M:%S"), data))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
