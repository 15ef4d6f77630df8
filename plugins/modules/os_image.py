#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_image.yml, beside this file.

from ansible_collections.polystack.cloud.plugins.module_utils import _image
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError
from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


def visibility(p):
    """visibility, or openstack.cloud's older is_public (true: public, false: private); None: not managed."""
    if p["is_public"] is None:
        return p["visibility"]
    return "public" if p["is_public"] else "private"


def upload_method(p):
    """upload_method, or what openstack.cloud's import_method / use_import ask for (the same glance imports)."""
    if p["import_method"] == "glance-download":
        raise ConfigError(
            "import_method glance-download (copying an image from another region's glance) is not supported: "
            "upload the file (filename) or let glance fetch a URL (url, import_method web-download)"
        )
    if p["import_method"] == "web-download":
        if not p["url"]:
            raise ConfigError("import_method web-download needs the image's URL (url, or uri)")
        return "web-download"
    if p["use_import"] and p["upload_method"] == "auto":
        return "glance-direct"
    return p["upload_method"]


class ImageModule(CloudModule):
    argument_spec = dict(
        container_format=dict(type="str", default="bare", choices=list(_image.CONTAINER_FORMATS)),
        disk_format=dict(type="str", choices=list(_image.DISK_FORMATS)),
        filename=dict(type="path", aliases=["file"]),
        import_method=dict(type="str", choices=["web-download", "glance-download"]),
        is_protected=dict(type="bool", aliases=["protected"]),
        is_public=dict(type="bool"),
        kernel=dict(type="str"),
        min_disk=dict(type="int"),
        min_ram=dict(type="int"),
        name=dict(type="str", required=True),
        on_content_change=dict(type="str", default="fail", choices=["fail", "ignore", "replace"]),
        owner=dict(type="str", aliases=["project"]),
        owner_domain=dict(type="str", aliases=["project_domain"]),
        id=dict(type="str"),
        checksum=dict(type="str"),
        volume=dict(type="str"),
        properties=dict(type="dict"),
        ramdisk=dict(type="str"),
        state=dict(type="str", default="present", choices=["absent", "inactive", "present"]),
        tags=dict(type="list", elements="str"),
        upload_method=dict(type="str", default="auto", choices=["auto", "glance-direct", "put", "web-download"]),
        url=dict(type="str", aliases=["uri"]),
        use_import=dict(type="bool"),
        visibility=dict(type="str", choices=["community", "private", "public", "shared"]),
    )
    module_kwargs = dict(mutually_exclusive=[["filename", "url", "volume"], ["visibility", "is_public"]])

    def wanted(self):
        """(core fields, properties) the user set; None values are not managed."""
        p = self.params
        core = {
            "min_disk": p["min_disk"],
            "min_ram": p["min_ram"],
            "visibility": visibility(p),
            "protected": p["is_protected"],
            "owner": _image.resolve_owner(self.cloud, p["owner"], p["owner_domain"]),
        }
        props = dict((str(k), v) for k, v in (p["properties"] or {}).items())
        props.update(_image.boot_refs(self.cloud, kernel=p["kernel"], ramdisk=p["ramdisk"]))
        return core, props

    def create_lock_key(self):
        return ("image", "image", self.params["name"]) if self.params["state"] != "absent" else None

    def run(self):
        p, cloud = self.params, self.cloud
        if p["state"] == "absent":
            result = _image.ensure_absent(cloud, p["id"] or p["name"], self.check_mode)
        else:
            core, props = self.wanted()
            fields = dict(
                core=core,
                properties=props,
                tags=p["tags"],
                disk_format=p["disk_format"],
                container_format=p["container_format"],
                upload_method=upload_method(p),
                active=p["state"] == "present",
                wait=p["wait"],
                timeout=p["timeout"],
            )
            result = _image.ensure_present(
                cloud, p["name"], p["filename"], p["url"], p["on_content_change"], fields, self.check_mode,
                image_id=p["id"], checksum=p["checksum"], volume=p["volume"],
            )  # fmt: skip
        after, image = _image.diff_view(result["after"]), result["after"]
        if result["planned"]:  # what only the cloud will decide (the id) is left out, never shown null
            after = dict((k, v) for k, v in after.items() if v is not None)
        elif image is not None:
            image = cloud.normalize("image", image)
        extra = {"transfer": result["transfer"]} if result["transfer"] is not None else {}
        self.exit(
            result["changed"],
            diff={"before": _image.diff_view(result["before"]), "after": after},
            image=image,
            uploaded=result["uploaded"],
            **extra,
        )


def main():
    ImageModule()()


if __name__ == "__main__":
    main()
