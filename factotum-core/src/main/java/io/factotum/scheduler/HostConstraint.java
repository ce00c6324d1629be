package io.factotum.scheduler;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/** Factotum's {@code --constraint host,<value>} check (CLI spec 3.3 step 1). */
final class HostConstraint {
    private HostConstraint() {
    }

    /** Whether this host satisfies the constraint: {@code *}, its host name, or a name resolving to one of its IPv4 addresses. */
    static boolean matches(String value) {
        if (value.equals("*")) {
            return true;
        }
        try {
            if (value.equals(InetAddress.getLocalHost().getHostName())) {
                return true;
            }
        } catch (UnknownHostException e) {
            // fall through to the address comparison
        }
        try {
            Set<InetAddress> local = new HashSet<>();
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        local.add(address);
                    }
                }
            }
            for (InetAddress resolved : InetAddress.getAllByName(value)) {
                if (resolved instanceof Inet4Address && local.contains(resolved)) {
                    return true;
                }
            }
            return false;
        } catch (SocketException | UnknownHostException e) {
            return false;
        }
    }
}
