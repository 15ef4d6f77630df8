# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's public Python API: what a user of shade or openstacksdk's cloud layer recognises.

The engine the modules use, as a library. Code written for ``from openstack import cloud as openstack`` runs
with that one import line changed::

    from ansible_collections.polystack.cloud.plugins.module_utils import cloud as openstack

    openstack.enable_logging(debug=True)
    cloud = openstack.connect(cloud="devcloud-fip", region_name="RegionOne")
    image = cloud.create_image("my-image", filename="my-image.qcow2", wait=True)
    flavor = cloud.get_flavor_by_ram(512)
    server = cloud.create_server("my-server", image=image, flavor=flavor, wait=True, auto_ip=True)
    print(server.name, server["public_v4"])
    cloud.delete_server(server, wait=True, delete_ips=True)

* ``connect(cloud=, region_name=, strict=, app_name=, app_version=, config=, **options)`` (also spelled
  ``openstack_cloud``): one cloud-region, its settings from clouds.yaml, secure.yaml, ``OS_*`` variables and
  vendor profiles (``OS_CLIENT_CONFIG_FILE`` says which clouds.yaml), or from ``auth=`` alone. ``strict=True``:
  results hold only the declared model at their top level (the API's other keys under ``properties``).
* ``enable_logging(debug=, http_debug=, stream=, path=)``: calls and decisions at debug level, every HTTP
  request and answer with ``http_debug``; secrets masked; calling it again replaces the handler it added.
* ``OpenStackCloud``: the class of what ``connect`` returns. Its methods are ``list_<things>(filters)``,
  ``search_<things>(name_or_id, filters)`` and ``get_<thing>(name_or_id)`` for servers, images, flavors,
  networks, ports, keypairs and floating IPs (``list_containers``, ``list_objects`` for the object store);
  ``create_`` and ``delete_`` of servers, images, keypairs, networks, ports, floating IPs, containers and
  objects; ``get_server(detailed=, bare=)``, ``update_server``, ``wait_for_server``, ``add_auto_ip``,
  ``add_ips_to_server``, ``update_image_properties``, ``get_flavor_by_ram``, ``has_service``, ``pprint``.
  Security groups and their rules, subnets and routers have the same ``list_``/``search_``/``get_``/``create_``/
  ``update_``/``delete_`` calls, with ``create_security_group_rule``, ``add_router_interface``,
  ``remove_router_interface`` and ``list_router_interfaces`` (openstacksdk's arguments; a rule is checked as
  ``os_security_group_rule`` checks it before neutron sees it).
  Results are munch objects: ``server.name`` and ``server["name"]``.
* Exceptions: everything the API raises on purpose is an ``OpenStackCloudException`` (``CloudError``); an
  error answer of a cloud is an ``OpenStackCloudHTTPError`` (``HTTPError``), which is a
  ``requests.exceptions.HTTPError`` too and carries ``status``, ``request_id``, ``cloud``, ``region``,
  ``service``, ``method`` and ``url``; ``OpenStackCloudBadRequest`` for 400, ``OpenStackCloudURINotFound``
  (also ``OpenStackCloudResourceNotFound``) for 404, ``OpenStackCloudTimeout`` when a wait times out.

Where it differs from openstacksdk, on purpose: ``reuse_ips``/``reuse`` default to False (a free floating IP of
the project may be another job's), and ``delete_ips`` deletes the floating IPs ``auto_ip`` made for the server,
not one attached by ``ips=``. The collection's guide *Python API* shows more.

This module only names things: the code is in the private modules (``_cloud``, ``_errors``, ``_session``) that
the modules and the inventory plugin use too.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.polystack.cloud.plugins.module_utils._cloud import Cloud, connect, enable_logging, munchify
from ansible_collections.polystack.cloud.plugins.module_utils._errors import (
    AmbiguousResource,
    AuthError,
    BadRequest,
    CloudError,
    ConfigError,
    Conflict,
    HTTPError,
    MissingLibrary,
    NotFound,
    WaitTimeout,
)

# shade's and openstacksdk's cloud-layer names for the same things
OpenStackCloud = Cloud
openstack_cloud = connect
OpenStackCloudException = CloudError
OpenStackCloudHTTPError = HTTPError
OpenStackCloudBadRequest = BadRequest
OpenStackCloudURINotFound = NotFound
OpenStackCloudResourceNotFound = NotFound
OpenStackCloudTimeout = WaitTimeout

__all__ = [
    "AmbiguousResource",
    "AuthError",
    "BadRequest",
    "Cloud",
    "CloudError",
    "ConfigError",
    "Conflict",
    "HTTPError",
    "MissingLibrary",
    "NotFound",
    "OpenStackCloud",
    "OpenStackCloudBadRequest",
    "OpenStackCloudException",
    "OpenStackCloudHTTPError",
    "OpenStackCloudResourceNotFound",
    "OpenStackCloudTimeout",
    "OpenStackCloudURINotFound",
    "WaitTimeout",
    "connect",
    "enable_logging",
    "munchify",
    "openstack_cloud",
]
