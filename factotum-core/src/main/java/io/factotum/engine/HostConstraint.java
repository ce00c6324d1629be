package io.factotum.engine;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Factotum's {@code --constraint host,<value>} check ({@code is_valid_host}, spec 3.3): the job may
 * run here if the value is {@code *}, this machine's hostname, or a name that resolves to one of
 * this machine's non-loopback IPv4 addresses.
 */
public final class HostConstraint {
    /** Where the check gets its facts about this machine; a seam for tests. */
    public interface Machine {
        String hostname() throws IOException;

        List<InetAddress> interfaceAddresses() throws IOException;

        List<InetAddress> resolve(String host) throws IOException;
    }

    private final Machine machine;

    public HostConstraint(Machine machine) {
        this.machine = machine;
    }

    /** The check on this machine. */
    public static HostConstraint local() {
        return new HostConstraint(new LocalMachine());
    }

    /** Why the job may not run here, or empty when it may. */
    public Optional<String> failureReason(String host) {
        if (host.equals("*")) {
            return Optional.empty();
        }
        try {
            if (host.equals(machine.hostname())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            // gethostname failing is not a reason to stop; fall through to the address checks.
        }
        List<InetAddress> local = new ArrayList<>();
        try {
            for (InetAddress address : machine.interfaceAddresses()) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    local.add(address);
                }
            }
        } catch (IOException e) {
            local.clear();
        }
        if (local.isEmpty()) {
            return Optional.of("could not find any non-loopback IPv4 addresses in the network interfaces;"
                    + " do you have a working network interface card?");
        }
        List<InetAddress> resolved = new ArrayList<>();
        try {
            for (InetAddress address : machine.resolve(host)) {
                if (address instanceof Inet4Address) {
                    resolved.add(address);
                }
            }
        } catch (IOException e) {
            resolved.clear();
        }
        if (resolved.isEmpty()) {
            return Optional.of("could not find any IPv4 addresses for the supplied hostname");
        }
        for (InetAddress address : resolved) {
            if (local.contains(address)) {
                return Optional.empty();
            }
        }
        return Optional.of("failed to match any of the interface addresses to the found host addresses");
    }

    /** The real machine: gethostname, the network interfaces and DNS. */
    public static final class LocalMachine implements Machine {
        @Override
        public String hostname() throws IOException {
            // The kernel's hostname is what gethostname(2) returns, without a DNS lookup.
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                return Files.readString(kernel, StandardCharsets.UTF_8).strip();
            }
            return InetAddress.getLocalHost().getHostName();
        }

        @Override
        public List<InetAddress> interfaceAddresses() throws SocketException {
            List<InetAddress> addresses = new ArrayList<>();
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(nic.getInetAddresses()));
            }
            return addresses;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            if (host.isBlank()) {
                // Java would answer the loopback address; a DNS lookup of "" fails.
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getAllByName(host));
        }
    }
}
