"""Who a request comes from, behind our own proxies (no Streamlit here: cnn_viz/app/classroom
reads the connection and its headers, and the limits count what this returns).

The address is the connection's, or, when the connection comes from a proxy of ours
(loopback, or CNN_VIZ_TRUSTED_PROXIES: addresses or networks, comma-separated), the first
address from the right of X-Forwarded-For that is not ours: a client can write anything to
the left of its own address, never to the right of it.
"""

import ipaddress
import os


def forwarded_client(peer, lines, networks=None):
    """The client behind our proxies: every X-Forwarded-For line's entries, in order, then
    the connection's own address; from the right, the first that is not a proxy of ours.
    Each proxy appends whom it heard from (HAProxy as a line of its own, others after a
    comma), so a client can write anything to the left of its own address, never to the
    right of it. All ours: the left-most."""
    hops = [entry.strip() for line in lines if line for entry in str(line).split(",") if entry.strip()]
    for hop in reversed([*hops, peer]):
        if not trusted_proxy(hop, networks):
            return hop
    return hops[0] if hops else peer


def trusted_proxy(address, networks=None):
    """Whether a connection from `address` is one of our proxies (loopback, or in `networks`,
    by default CNN_VIZ_TRUSTED_PROXIES)."""
    if networks is None:
        networks = os.environ.get("CNN_VIZ_TRUSTED_PROXIES", "")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.is_loopback:
        return True
    for network in networks.replace(",", " ").split():
        try:
            if ip in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue  # a typo in the setting trusts nothing more
    return False
