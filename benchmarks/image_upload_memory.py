"""Peak memory of an os_image upload of a large file (issue 4: stays under 100 MiB for 1 GiB).

Runs the module's own upload path (module_utils._image) in this process against a devcloud cloud and
prints the process's peak RSS before and after. Usage:
    OS_CLIENT_CONFIG_FILE=... .venv/bin/python benchmarks/image_upload_memory.py [size_MiB] [cloud]
"""

import os
import resource
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "output", "src"))
from ansible_collections.polystack.cloud.plugins.module_utils import _cloud, _image  # noqa: E402


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    size_mib = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    cloud_name = sys.argv[2] if len(sys.argv) > 2 else "devcloud-fip"
    path = "/tmp/polystack-bench-%d.raw" % size_mib
    with open(path, "wb") as f:
        block = os.urandom(1024 * 1024)
        for _ in range(size_mib):
            f.write(block)
    cloud = _cloud.connect(cloud=cloud_name)
    cloud.list_flavors()  # authenticated, imports done: the baseline
    before = peak_mib()
    t = time.time()
    record = _image.create_record(cloud, {"name": "bench-memory", "disk_format": "raw", "container_format": "bare"})
    try:
        hashes = _image.upload_data(cloud, record["id"], "put", path)
        image = _image.wait_active(cloud, record["id"], 600)
        assert image["os_hash_value"] == hashes["sha512"], "stored data differs"
    finally:
        _image.delete(cloud, record)
        os.unlink(path)
    print(
        "uploaded %d MiB in %.1fs; peak RSS %.1f MiB before the upload, %.1f MiB after (the file is read once, "
        "hashed while streaming)" % (size_mib, time.time() - t, before, peak_mib())
    )


if __name__ == "__main__":
    main()
