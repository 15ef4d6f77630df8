# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a new ed25519 SSH key pair in OpenSSH format: PATH (the private key, mode 0600) and PATH.pub.

Used by the multi-cloud demo when no public key is given, run with the controller's Python (ansible-core
depends on ``cryptography``, so no ssh-keygen is needed). Usage: python ssh_keypair.py PATH [COMMENT]
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write("usage: ssh_keypair.py PATH [COMMENT]\n")
        return 2
    path = os.path.expanduser(argv[1])
    comment = argv[2] if len(argv) == 3 else "polystack.cloud demo"
    if os.path.exists(path):
        sys.stdout.write("%s exists: kept as it is\n" % path)
        return 0
    key = ed25519.Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(private)
    with open(path + ".pub", "wb") as f:
        f.write(public + b" " + comment.encode("utf-8") + b"\n")
    sys.stdout.write("wrote %s and %s.pub\n" % (path, path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
