#!/usr/bin/python
# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Its documentation (options, examples, return values) is os_image_info.yml, beside this file.

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
