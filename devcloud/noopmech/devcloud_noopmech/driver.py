"""ML2 mechanism driver ``noop_bind`` for the devcloud: there is no dataplane at all.

Stock drivers bind a port only when a live L2 agent reports for the host, and
nova puts a server in ERROR when its port binding fails.  This driver binds
every port on any host (vif_type ovs, status ACTIVE) and plays the L3 agent's
part for floating IPs: ACTIVE when associated with a port, DOWN otherwise.
"""

from neutron_lib import constants
from neutron_lib.api.definitions import portbindings
from neutron_lib.callbacks import events, registry, resources
from neutron_lib.plugins.ml2 import api


class NoopBindDriver(api.MechanismDriver):
    def initialize(self):
        for event in (events.AFTER_CREATE, events.AFTER_UPDATE):
            registry.subscribe(self._floatingip_status, resources.FLOATING_IP, event)

    @property
    def connectivity(self):
        # l2: ports without fixed IPs bind too
        return portbindings.CONNECTIVITY_L2

    def bind_port(self, context):
        for segment in context.segments_to_bind:
            context.set_binding(
                segment[api.ID],
                portbindings.VIF_TYPE_OVS,
                {portbindings.CAP_PORT_FILTER: True, portbindings.OVS_HYBRID_PLUG: False},
                status=constants.PORT_STATUS_ACTIVE,
            )
            return

    @staticmethod
    def _floatingip_status(resource, event, trigger, payload=None):
        from neutron.objects.router import FloatingIP  # neutron is there when neutron loads us

        fip = payload.latest_state
        status = constants.FLOATINGIP_STATUS_ACTIVE if fip.get("port_id") else constants.FLOATINGIP_STATUS_DOWN
        if fip.get("status") != status:
            FloatingIP.update_object(payload.context.elevated(), {"status": status}, id=payload.resource_id)
            fip["status"] = status  # the dict the API answers with
