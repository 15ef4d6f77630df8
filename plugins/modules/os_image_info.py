#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: os_image_info
short_description: List images of an OpenStack cloud (glance)
version_added: 0.1.0
description:
  - Lists the images the project can see in one cloud-region, filtered on the server side.
  - An image that does not exist gives an empty list, not a failure.
author:
  - polystack.cloud developers (@polystack)
extends_documentation_fragment:
  - polystack.cloud.openstack
  - polystack.cloud.openstack.info_module
options:
  filters:
    description:
      - Glance list filters, for example C(visibility), C(status), C(tag), C(owner), C(disk_format).
    type: dict
    aliases: [properties]
  name:
    description:
      - Only images of this name (or the image with this id).
    type: str
    aliases: [image]
"""

EXAMPLES = r"""
- name: Where is my base image
  polystack.cloud.os_image_info:
    cloud: "{{ item }}"
    name: debian-12
  loop: [devcloud-fip, devcloud-direct]
  register: found

- name: Public images
  polystack.cloud.os_image_info:
    cloud: devcloud-fip
    filters:
      visibility: public
"""

RETURN = r"""
images:
  description: The images found, normalized (the same keys as RV(polystack.cloud.os_image#module:image)).
  returned: always
  type: list
  elements: dict
  sample: [{"id": "8c1e...", "name": "debian-12", "status": "active", "disk_format": "qcow2", "size": 365953024,
            "hash_algo": "sha512", "hash_value": "d2c6...", "visibility": "private"}]
"""

from ansible_collections.polystack.cloud.plugins.module_utils._module import CloudModule


class ImageInfoModule(CloudModule):
    argument_spec = dict(
        filters=dict(type="dict", aliases=["properties"]),
        name=dict(type="str", aliases=["image"]),
    )

    def run(self):
        filters = dict((k, str(v)) for k, v in (self.params["filters"] or {}).items())
        images = self.cloud.search_images(self.params["name"], filters=filters)
        self.exit(False, images=images)


def main():
    ImageInfoModule()()


if __name__ == "__main__":
    main()
