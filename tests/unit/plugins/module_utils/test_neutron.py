"""_neutron's pure parts: how rules compare (each spelling a cloud reports or a playbook writes), what a rule body
refuses, and the list comparisons of subnets, ports and router interfaces. What these do on a real cloud is
tests/integration/test_network_modules.py's; the spellings only other vendors' clouds report (-1, 0-65535 from the
API) are here, where a fake rule can carry them."""

import pytest
from ansible_collections.polystack.cloud.plugins.module_utils import _neutron
from ansible_collections.polystack.cloud.plugins.module_utils._errors import ConfigError

SSH_ANYWHERE = {"direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 22,
                "port_range_max": 22, "remote_ip_prefix": None}  # fmt: skip


@pytest.mark.parametrize(
    "reported",
    [
        dict(SSH_ANYWHERE, protocol="6"),
        dict(SSH_ANYWHERE, protocol="TCP"),
        dict(SSH_ANYWHERE, remote_ip_prefix="0.0.0.0/0"),
        dict(SSH_ANYWHERE, direction=None),  # a cloud that leaves the default out
        dict(SSH_ANYWHERE, description="from another tool"),
    ],
)
def test_the_same_rule_however_a_cloud_reports_it(reported):
    assert _neutron.rule_key(reported) == _neutron.rule_key(SSH_ANYWHERE)


@pytest.mark.parametrize(
    "a, b",
    [
        # every port: neutron stores none, other clouds report 1-65535 or 0-65535, playbooks write -1
        ({"protocol": "tcp"}, {"protocol": "tcp", "port_range_min": 0, "port_range_max": 65535}),
        ({"protocol": "udp"}, {"protocol": "udp", "port_range_min": 1, "port_range_max": 65535}),
        ({"protocol": "tcp"}, {"protocol": "tcp", "port_range_min": -1, "port_range_max": -1}),
        # any ICMP type and code
        ({"protocol": "icmp"}, {"protocol": "icmp", "port_range_min": -1, "port_range_max": -1}),
        ({"protocol": "icmp"}, {"protocol": "1", "port_range_min": None, "port_range_max": "-1"}),
        # any protocol: none, any, 0 (openstack.cloud's doc), -1 (some clouds)
        ({}, {"protocol": "any"}),
        ({}, {"protocol": "0"}),
        ({}, {"protocol": -1}),
        # IPv6 ICMP, by each of its names, and icmp in an IPv6 rule (neutron turns it into ipv6-icmp)
        ({"ethertype": "IPv6", "protocol": "ipv6-icmp"}, {"ethertype": "IPv6", "protocol": "icmpv6"}),
        ({"ethertype": "IPv6", "protocol": "58"}, {"ethertype": "IPv6", "protocol": "icmp"}),
        # a host with or without its mask, a prefix with host bits, any address
        ({"remote_ip_prefix": "192.0.2.7"}, {"remote_ip_prefix": "192.0.2.7/32"}),
        ({"ethertype": "IPv6", "remote_ip_prefix": "2001:db8::1"},
         {"ethertype": "IPv6", "remote_ip_prefix": "2001:db8::1/128"}),
        ({"remote_ip_prefix": "10.0.0.0/24"}, {"remote_ip_prefix": "10.0.0.5/24"}),
        ({"ethertype": "IPv6"}, {"ethertype": "IPv6", "remote_ip_prefix": "::/0"}),
    ],
)  # fmt: skip
def test_spellings_of_one_rule(a, b):
    assert _neutron.rule_key(a) == _neutron.rule_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ({"protocol": "tcp", "port_range_min": 22, "port_range_max": 22}, {"protocol": "tcp"}),
        ({"protocol": "tcp"}, {"protocol": "udp"}),
        ({"ethertype": "IPv4"}, {"ethertype": "IPv6"}),
        ({"direction": "ingress"}, {"direction": "egress"}),
        ({"remote_ip_prefix": "10.0.0.0/24"}, {"remote_ip_prefix": "10.0.0.0/25"}),
        ({"remote_group_id": "a"}, {"remote_group_id": "b"}),
        ({"protocol": "icmp", "port_range_min": 8}, {"protocol": "icmp"}),
    ],
)
def test_different_rules_stay_different(a, b):
    assert _neutron.rule_key(a) != _neutron.rule_key(b)


def test_a_rule_body_takes_its_ethertype_from_the_prefix_or_the_protocol():
    assert _neutron.rule_body({"protocol": "tcp", "remote_ip_prefix": "::/0"})["ethertype"] == "IPv6"
    assert _neutron.rule_body({"protocol": "icmpv6"})["ethertype"] == "IPv6"
    assert _neutron.rule_body({"protocol": "tcp"})["ethertype"] == "IPv4"
    body = _neutron.rule_body({"protocol": "tcp", "port_range_min": 22, "remote_ip_prefix": "192.0.2.7"})
    assert body == {"direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 22,
                    "port_range_max": 22, "remote_ip_prefix": "192.0.2.7/32"}  # fmt: skip
    # every port is no range at all (as neutron stores it), any protocol is no protocol
    assert "port_range_min" not in _neutron.rule_body({"protocol": "tcp", "port_range_min": 1, "port_range_max": 65535})
    assert "protocol" not in _neutron.rule_body({"protocol": "any"})


@pytest.mark.parametrize(
    "spec, says",
    [
        ({"protocol": "tcpx"}, "not one neutron knows"),
        ({"protocol": "256"}, "0-255"),
        ({"port_range_min": 22}, "need a protocol"),
        ({"protocol": "tcp", "port_range_max": 22}, "needs port_range_min"),
        ({"protocol": "tcp", "port_range_min": 30, "port_range_max": 20}, "30-20"),
        ({"protocol": "icmp", "port_range_max": 0}, "ICMP code"),
        ({"protocol": "icmp", "port_range_min": 256}, "0-255"),
        ({"protocol": "gre", "port_range_min": 1}, "have port ranges"),
        ({"remote_ip_prefix": "nonsense"}, "not an IP address"),
        ({"ether_type": "IPv4", "remote_ip_prefix": "::/0"}, "does not match"),
        ({"ether_type": "IPv4", "protocol": "ipv6-icmp"}, "IPv6 only"),
        ({"remote_ip_prefix": "10.0.0.0/8", "remote_group": "web"}, "mutually exclusive"),
    ],
)
def test_a_rule_neutron_would_refuse_is_refused_first(spec, says):
    with pytest.raises(ConfigError, match=says):
        _neutron.rule_body(spec)


def test_declared_rules_plan_adds_the_missing_and_removes_the_unlisted():
    have = [dict(SSH_ANYWHERE, id="r1"), {"id": "r2", "direction": "egress", "ethertype": "IPv6"}]
    wanted = [_neutron.rule_body({"protocol": "6", "port_range_min": 22}), _neutron.rule_body({"protocol": "icmp"})]
    add, remove = _neutron.plan_rules(have, wanted)
    assert [r["protocol"] for r in add] == ["icmp"]
    assert [r["id"] for r in remove] == ["r2"]
    assert _neutron.plan_rules(have, wanted, exclusive=False)[1] == []


def test_lists_of_mappings_match_on_the_keys_the_task_gives():
    neutron = [{"subnet_id": "s1", "ip_address": "10.0.0.5"}, {"subnet_id": "s2", "ip_address": "10.1.0.9"}]
    assert _neutron.list_match(neutron, [{"subnet_id": "s2"}, {"subnet_id": "s1", "ip_address": "10.0.0.5"}])
    assert not _neutron.list_match(neutron, [{"subnet_id": "s1"}])  # one fixed IP fewer is a change
    assert not _neutron.list_match(neutron, [{"subnet_id": "s1"}, {"subnet_id": "s1"}])
    # DNS servers in order, tags and security groups as sets, a CIDR by its network
    assert _neutron.differs("subnet", "dns_nameservers", ["a", "b"], ["b", "a"])
    assert not _neutron.differs("port", "security_groups", ["a", "b"], ["b", "a"])
    assert not _neutron.differs("subnet", "cidr", "10.0.0.0/24", "10.0.0.1/24")


def test_router_interfaces_plan_by_subnet_and_address():
    ports = [{"id": "p1", "fixed_ips": [{"subnet_id": "s1", "ip_address": "10.0.0.1"}]},
             {"id": "p2", "fixed_ips": [{"subnet_id": "s2", "ip_address": "10.1.0.1"}]}]  # fmt: skip
    wants = [{"subnet_id": "s1", "ip_address": "10.0.0.1", "gateway": True}, {"subnet_id": "s3", "gateway": True}]
    add, remove = _neutron.plan_interfaces(ports, wants)
    assert [w["subnet_id"] for w in add] == ["s3"] and [p["id"] for p in remove] == ["p2"]
    # an interface at another address than the one the task names is replaced
    add, remove = _neutron.plan_interfaces(ports[:1], [{"subnet_id": "s1", "ip_address": "10.0.0.9"}])
    assert add and [p["id"] for p in remove] == ["p1"]


def test_tag_filters_as_neutron_has_them():
    items = [{"id": 1, "tags": ["a", "b"]}, {"id": 2, "tags": ["b"]}, {"id": 3, "tags": []}]

    def ids(found):
        return [i["id"] for i in found]

    assert ids(_neutron.match_tags(items, tags=["a", "b"])) == [1]
    assert ids(_neutron.match_tags(items, any_tags=["a", "b"])) == [1, 2]
    assert ids(_neutron.match_tags(items, not_tags=["a", "b"])) == [2, 3]
    assert ids(_neutron.match_tags(items, not_any_tags=["a"])) == [2, 3]
