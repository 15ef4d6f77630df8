# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One creator at a time per resource name, on this machine.

OpenStack names are not unique: two runs that each find no server "web1" and each create one make two. Two
Ansible forks running the same task (a loop over hosts that all delegate to localhost, two playbooks at once)
do exactly that. So the find-then-create of a named resource holds an exclusive lock (``fcntl.flock`` on a file
under ~/.cache/polystack/locks, mode 0600) keyed on the service endpoint, the project, the kind and the name:
the second run waits, then finds what the first made. Different names, projects or services never wait for each
other. Without fcntl (not POSIX) there is no lock, as before.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import hashlib
import json
import os

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None

from ansible_collections.polystack.cloud.plugins.module_utils import _session


def lock_dir():
    return os.path.join(os.path.dirname(_session.cache_dir()), "locks")


def key_of(cloud, service_type, kind, name):
    """What makes two creates the same create: where (the service's endpoint: regions sharing one glance share
    its images), whose (the project, or the application credential), what kind, what name."""
    auth = cloud.config.auth or {}
    owner = (
        auth.get("project_id")
        or auth.get("project_name")
        or auth.get("tenant_id")
        or auth.get("tenant_name")
        or auth.get("application_credential_id")
        or auth.get("application_credential_name")
    )
    domain = auth.get("project_domain_id") or auth.get("project_domain_name")
    try:
        endpoint = cloud.session.endpoint(service_type)
    except Exception:  # the catalog is not reachable yet: the create will say so; key on the cloud region
        endpoint = None
    where = endpoint or "%s|%s|%s" % (auth.get("auth_url"), cloud.name, cloud.region_name)
    return json.dumps([where, owner, domain, kind, name])


@contextlib.contextmanager
def create_lock(cloud, service_type, kind, name):
    if fcntl is None:
        yield
        return
    digest = hashlib.sha256(key_of(cloud, service_type, kind, name).encode("utf-8")).hexdigest()
    directory = lock_dir()
    os.makedirs(directory, mode=0o700, exist_ok=True)
    fd = os.open(os.path.join(directory, digest + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock, whatever happened inside
