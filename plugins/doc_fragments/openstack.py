# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The options every polystack.cloud module takes, documented once.
    DOCUMENTATION = r"""
options:
  api_timeout:
    description:
      - How long, in seconds, to wait for one API answer before giving up.
      - Overrides O(api_timeout) of the cloud in C(clouds.yaml).
    type: int
  auth:
    description:
      - Authentication options, as in the C(auth) section of a C(clouds.yaml) cloud
        (C(auth_url), C(username), C(password), C(project_name), C(user_domain_name), ...).
      - Without O(cloud), this is the whole cloud; nothing from C(clouds.yaml) or C(OS_*) variables is mixed in.
      - With O(cloud), it may only add fields the cloud does not set (a password kept out of C(clouds.yaml),
        say); a field the cloud sets to another value is an error, never a silent override.
    type: dict
  auth_type:
    description:
      - The keystoneauth1 auth plugin, for example C(password) (the default), C(token),
        C(v3applicationcredential), C(v3oidcpassword).
    type: str
  ca_cert:
    description:
      - A CA bundle to verify the cloud's TLS certificates with.
    type: path
    aliases: [cacert]
  client_cert:
    description:
      - A client certificate for TLS client authentication.
    type: path
    aliases: [cert]
  client_key:
    description:
      - The private key of O(client_cert), if it is not in the same file.
    type: path
    aliases: [key]
  cloud:
    description:
      - The name of a cloud in C(clouds.yaml), or a dict holding a cloud's settings.
      - When not given, C(OS_CLOUD), the cloud made of C(OS_*) variables, or the only configured cloud is used.
    type: raw
  interface:
    description:
      - Which endpoints of the service catalog to use.
    type: str
    choices: [admin, internal, public]
    aliases: [endpoint_type]
  region_name:
    description:
      - The region of the cloud to use. Defaults to the cloud's C(region_name), or the first of its C(regions).
    type: str
  sdk_log_level:
    description:
      - How much O(sdk_log_path) records, with openstack.cloud's choices. V(INFO) records the collection's own
        messages (retries, decisions); V(DEBUG) also every API call and every HTTP request and answer.
      - Secrets are masked in the log either way.
    type: str
    default: INFO
    choices: [INFO, DEBUG]
  sdk_log_path:
    description:
      - A file to log to. In openstack.cloud it received openstacksdk's log; here it receives the collection's
        own, keystoneauth1's included.
      - Lines are appended; the file is created with mode 0600 (and made 0600 if it was not), as it shows the
        cloud's layout.
      - Without it nothing is logged, unless the environment variable E(POLYSTACK_DEBUG_LOG) names a file (a
        debug log, for developers).
    type: path
  timeout:
    description:
      - How long, in seconds, to wait for a resource to reach the wanted state when O(wait=true).
    type: int
    default: 180
  validate_certs:
    description:
      - Whether to verify the cloud's TLS certificates. Defaults to the cloud's C(verify) setting, else true.
    type: bool
    aliases: [verify]
  wait:
    description:
      - Whether to wait for the resource to reach the wanted state.
    type: bool
    default: true
requirements:
  - python >= 3.8
  - keystoneauth1 >= 5.0.0
  - PyYAML
  - munch
  - requests
notes:
  - Configuration comes from C(clouds.yaml) and C(secure.yaml) (searched in C(OS_CLIENT_CONFIG_FILE), the current
    directory, C(~/.config/openstack), C(/etc/openstack)), vendor profiles and C(OS_*) variables.
  - Tokens are cached per credentials in C(~/.cache/polystack/tokens) (mode 0600), so that the next task does not
    authenticate again; set C(POLYSTACK_TOKEN_CACHE=0) to switch this off.
  - Set C(POLYSTACK_DEBUG_LOG) to a file name to append the task's API calls and every HTTP request and
    response to it, with passwords, tokens and other secrets masked.
"""

    # The attributes of every *_info module.
    INFO_MODULE = r"""
attributes:
  check_mode:
    support: full
    description: Reads only.
  diff_mode:
    support: none
    description: Reads only.
"""
