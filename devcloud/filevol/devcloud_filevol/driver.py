"""Cinder volume driver ``FileVolumeDriver`` for the devcloud: each volume is a sparse file.

Why not LVM: cinder's reference backend needs the kernel's device-mapper to
activate logical volumes, and this machine kind has none (no ``device-mapper``
in /proc/misc, no /dev/mapper), so ``lvcreate`` cannot work even on a loop
device.  Why not cinder's own ``FakeLoggingVolumeDriver``: it stores nothing
(a volume made from an image holds no bytes) and lives in ``cinder.tests``,
whose import sets up test fixtures.

So the control path is cinder's real one (API, scheduler, volume manager,
quotas, attachments, states) and the data path is a file per volume under
``[filevol] filevol_dir``: create truncates a sparse file of the volume's size,
create-from-image writes the image's bytes into it, snapshots and clones copy
it, extend grows it.  There is no export: nova's fake virt driver attaches
nothing, so a connection is a ``local`` device path (os-brick's LOCAL
connector type), which is what an attachment records.
"""

import os
import shutil

import requests
from cinder.volume import driver
from oslo_config import cfg
from oslo_log import log as logging

LOG = logging.getLogger(__name__)
GiB = 1024**3

filevol_opts = [
    cfg.StrOpt("filevol_dir", help="Directory that holds one sparse file per volume and snapshot."),
]


class FileVolumeDriver(driver.VolumeDriver):
    VERSION = "1.0.0"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.configuration.append_config_values(filevol_opts)
        self.backend_name = self.configuration.safe_get("volume_backend_name") or "filevol"

    # -- where the bytes are ---------------------------------------------------
    @property
    def root(self):
        return self.configuration.safe_get("filevol_dir") or os.path.join(cfg.CONF.state_path, "filevol")

    def local_path(self, volume):
        return os.path.join(self.root, "volume-%s" % volume.id)

    def _snapshot_path(self, snapshot):
        return os.path.join(self.root, "snapshot-%s" % snapshot.id)

    @staticmethod
    def _resize(path, size_gb):
        # sparse: a 10 GiB volume costs nothing until written
        with open(path, "ab") as f:
            f.truncate(int(size_gb) * GiB)

    def _copy(self, src, dest, size_gb):
        shutil.copyfile(src, dest)
        self._resize(dest, size_gb)

    # -- setup and stats -------------------------------------------------------
    def do_setup(self, context):
        os.makedirs(self.root, exist_ok=True)

    def check_for_setup_error(self):
        if not os.access(self.root, os.W_OK):
            raise RuntimeError("filevol_dir %s is not writable" % self.root)

    def _update_volume_stats(self):
        st = os.statvfs(self.root)
        self._stats = {
            "volume_backend_name": self.backend_name,
            "vendor_name": "devcloud",
            "driver_version": self.VERSION,
            "storage_protocol": "local",
            "total_capacity_gb": st.f_blocks * st.f_frsize // GiB,
            "free_capacity_gb": st.f_bavail * st.f_frsize // GiB,
            "reserved_percentage": 0,
            "thin_provisioning_support": True,
            "thick_provisioning_support": False,
            # sparse files: the scheduler may promise more than the disk holds, as with thin LVM
            "max_over_subscription_ratio": 20.0,
            "multiattach": True,
            "QoS_support": False,
        }

    # -- volumes and snapshots ---------------------------------------------------
    def create_volume(self, volume):
        self._resize(self.local_path(volume), volume.size)

    def delete_volume(self, volume):
        try:
            os.unlink(self.local_path(volume))
        except FileNotFoundError:
            pass  # deleting twice (or a volume whose create failed) is not an error

    def extend_volume(self, volume, new_size):
        self._resize(self.local_path(volume), new_size)

    def create_snapshot(self, snapshot):
        shutil.copyfile(self.local_path(snapshot.volume), self._snapshot_path(snapshot))

    def delete_snapshot(self, snapshot):
        try:
            os.unlink(self._snapshot_path(snapshot))
        except FileNotFoundError:
            pass

    def create_volume_from_snapshot(self, volume, snapshot):
        self._copy(self._snapshot_path(snapshot), self.local_path(volume), volume.size)

    def create_cloned_volume(self, volume, src_vref):
        self._copy(self.local_path(src_vref), self.local_path(volume), volume.size)

    def clone_image(self, context, volume, image_location, image_meta, image_service):
        # A backend that can fill a volume from an image itself says so here, and cinder's volume manager skips
        # its own download, which inspects the image format through privsep (sudo, absent here) and converts it
        # with qemu-img.  This backend keeps the image's bytes as glance serves them: no conversion is needed.
        self.copy_image_to_volume(context, volume, image_service, image_meta["id"])
        return {}, True

    def copy_image_to_volume(self, context, volume, image_service, image_id, disable_sparse=False):
        path = self.local_path(volume)
        with open(path, "wb") as f:
            image_service.download(context, image_id, data=f)
        self._resize(path, volume.size)

    def copy_volume_to_image(self, context, volume, image_service, image_meta):
        # PUT with a Content-Length, not through image_service.update: glanceclient sends a file of unknown
        # size chunked, which the devcloud's glance (under uWSGI) cannot receive ("unable to receive chunked part")
        path = self.local_path(volume)
        url = "%s/v2/images/%s/file" % (cfg.CONF.glance_api_servers[0].rstrip("/"), image_meta["id"])
        headers = {"X-Auth-Token": context.auth_token, "Content-Type": "application/octet-stream"}
        with open(path, "rb") as f:
            headers["Content-Length"] = str(os.fstat(f.fileno()).st_size)
            resp = requests.put(url, data=f, headers=headers, timeout=600)
        if resp.status_code >= 400:
            raise RuntimeError("glance refused the volume's data: %d %s" % (resp.status_code, resp.text[:300]))

    # -- attachments: nothing to export, the "device" is the file ----------------
    def ensure_export(self, context, volume):
        pass

    def create_export(self, context, volume, connector):
        pass

    def remove_export(self, context, volume):
        pass

    def initialize_connection(self, volume, connector):
        return {"driver_volume_type": "local", "data": {"device_path": self.local_path(volume), "access_mode": "rw"}}

    def terminate_connection(self, volume, connector, **kwargs):
        pass
