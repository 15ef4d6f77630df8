# Copyright: (c) 2026, polystack.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: progress
type: notification
short_description: Show the progress of long polystack.cloud tasks while Ansible polls them
version_added: 0.1.0
description:
  - A task run with C(async) and C(poll) greater than 0 is polled by Ansible every C(poll) seconds. For the uploads of
    P(polystack.cloud.os_object#module) and P(polystack.cloud.os_image#module) and the waits of
    P(polystack.cloud.os_server#module) and P(polystack.cloud.os_image#module), this callback prints one line per poll
    with how far the task is.
  - "For example C(progress: [localhost] backups/disk.img upload 312.0 MiB of 1.0 GiB (30.5%), 104.0 MiB/s, 3.0 s)
    or C(progress: [localhost] web-1 BUILD, waited 12.0 s of 180 s for ACTIVE)."
  - "A task that runs M(ansible.builtin.async_status) in a loop (C(until) and C(retries), after C(poll: 0)) gets the
    same line at every attempt."
  - With O(show_transfers), a finished upload also gets a line with its size, duration and throughput.
  - The figures are those the modules write while they run, which M(ansible.builtin.async_status) returns under
    C(progress); tasks of other modules print nothing here.
  - Enable it with C(callbacks_enabled = polystack.cloud.progress) in C(ansible.cfg) (section C([defaults])) or
    E(ANSIBLE_CALLBACKS_ENABLED=polystack.cloud.progress).
author:
  - polystack.cloud developers (@polystack)
requirements:
  - enabled in C(callbacks_enabled)
options:
  show_transfers:
    description:
      - Print a line with the size, duration and throughput of every finished upload (the task's C(transfer)
        result), with C(async) or without.
    type: bool
    default: true
    ini:
      - section: callback_progress
        key: show_transfers
    env:
      - name: POLYSTACK_PROGRESS_SHOW_TRANSFERS
"""

EXAMPLES = r"""
# ansible.cfg:
#   [defaults]
#   callbacks_enabled = polystack.cloud.progress
# or for one run: ANSIBLE_CALLBACKS_ENABLED=polystack.cloud.progress ansible-playbook upload.yml
- name: Upload a large file; a progress line every 5 seconds until it is stored
  polystack.cloud.os_object:
    cloud: devcloud-fip
    container: backups
    name: disk.img
    filename: /var/backups/disk.img
  async: 600
  poll: 5
"""

from ansible.plugins.callback import CallbackBase

UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def human_bytes(count):
    """1073741824 -> '1.0 GiB' (binary units, one decimal)."""
    value = float(count or 0)
    for unit in UNITS:
        if abs(value) < 1024 or unit == UNITS[-1]:
            return "%.1f %s" % (value, unit) if unit != "B" else "%d B" % value
        value /= 1024
    return "%d B" % count  # pragma: no cover - the loop always returns


def progress_line(host, progress):
    """The line for one poll's progress (a dict the modules write, see module_utils/_progress.py); None when it is
    not one."""
    if not isinstance(progress, dict) or "done" not in progress:
        return None
    label = progress.get("label") or "task"
    done, total = progress.get("done") or 0, progress.get("total")
    if progress.get("unit") == "bytes":
        text = "%s %s %s" % (label, progress.get("phase") or "transfer", human_bytes(done))
        if total:
            text += " of %s (%s%%)" % (human_bytes(total), progress.get("percent", round(100.0 * done / total, 1)))
        if progress.get("per_second") is not None:
            text += ", %s/s" % human_bytes(progress["per_second"])
        if progress.get("seconds") is not None:
            text += ", %.1f s" % progress["seconds"]
    else:
        text = "%s %s, waited %.1f s" % (label, progress.get("status") or progress.get("phase") or "", float(done))
        if total:
            text += " of %s s" % total
        if progress.get("want"):
            text += " for %s" % progress["want"]
    return "progress: [%s] %s" % (host, text)


def transfer_line(host, transfer):
    if not isinstance(transfer, dict) or "bytes" not in transfer:
        return None
    return "transfer: [%s] %s in %.1f s, %s/s" % (
        host,
        human_bytes(transfer["bytes"]),
        float(transfer.get("seconds") or 0),
        human_bytes(transfer.get("bytes_per_second") or 0),
    )


def _result_of(result):
    # CallbackTaskResult.result (ansible-core 2.19 and later); _result before
    found = getattr(result, "result", None)
    return found if isinstance(found, dict) else getattr(result, "_result", {}) or {}


def _host_of(result):
    host = getattr(result, "host", None) or getattr(result, "_host", None)
    return host.get_name() if host is not None else "?"


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "polystack.cloud.progress"
    CALLBACK_NEEDS_ENABLED = True

    def v2_runner_on_async_poll(self, result):
        line = progress_line(_host_of(result), _result_of(result).get("progress"))
        if line:
            self._display.display(line)

    def v2_runner_retry(self, result):
        # an async_status task with until/retries (poll: 0, then checked in a loop): each attempt's progress
        line = progress_line(_host_of(result), _result_of(result).get("progress"))
        if line:
            self._display.display(line)

    def _transfer(self, result):
        if not self.get_option("show_transfers"):
            return
        line = transfer_line(_host_of(result), _result_of(result).get("transfer"))
        if line:
            self._display.display(line)

    def v2_runner_on_ok(self, result):
        self._transfer(result)

    def v2_runner_item_on_ok(self, result):
        self._transfer(result)
