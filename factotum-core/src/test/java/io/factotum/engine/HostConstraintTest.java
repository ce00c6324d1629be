package io.factotum.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostConstraintTest {
    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    private record FakeMachine(String hostname, List<InetAddress> interfaceAddresses, List<InetAddress> resolved)
            implements HostConstraint.Machine {
        @Override
        public List<InetAddress> resolve(String host) throws IOException {
            if (resolved == null) {
                throw new UnknownHostException(host);
            }
            return resolved;
        }
    }

    @Test
    void starAndTheHostnamePass() throws Exception {
        HostConstraint check = new HostConstraint(new FakeMachine("box", List.of(), null));
        assertThat(check.failureReason("*")).isEmpty();
        assertThat(check.failureReason("box")).isEmpty();
    }

    @Test
    void noNonLoopbackIpv4Address() throws Exception {
        HostConstraint check = new HostConstraint(new FakeMachine("box", List.of(ip("127.0.0.1"), ip("::1")), null));
        assertThat(check.failureReason("other")).contains("could not find any non-loopback IPv4 addresses in the"
                + " network interfaces; do you have a working network interface card?");
    }

    @Test
    void unresolvableHost() throws Exception {
        HostConstraint check = new HostConstraint(new FakeMachine("box", List.of(ip("10.1.2.3")), null));
        assertThat(check.failureReason("nowhere")).contains("could not find any IPv4 addresses for the supplied hostname");
        HostConstraint ipv6Only = new HostConstraint(new FakeMachine("box", List.of(ip("10.1.2.3")), List.of(ip("::2"))));
        assertThat(ipv6Only.failureReason("v6")).contains("could not find any IPv4 addresses for the supplied hostname");
    }

    @Test
    void resolvedAddressMustBeAnInterfaceAddress() throws Exception {
        FakeMachine machine = new FakeMachine("box", List.of(ip("10.1.2.3"), ip("192.168.0.7")), List.of(ip("192.168.0.7")));
        assertThat(new HostConstraint(machine).failureReason("me")).isEmpty();
        FakeMachine elsewhere = new FakeMachine("box", List.of(ip("10.1.2.3")), List.of(ip("10.9.9.9")));
        assertThat(new HostConstraint(elsewhere).failureReason("them"))
                .contains("failed to match any of the interface addresses to the found host addresses");
    }

    /** The original's tests on the real machine: a hostname, a non-loopback IPv4 address, both pass. */
    @Test
    void thisMachine() throws Exception {
        HostConstraint.LocalMachine machine = new HostConstraint.LocalMachine();
        assertThat(machine.hostname()).isNotBlank();
        List<InetAddress> external = machine.interfaceAddresses().stream()
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).toList();
        assertThat(external).isNotEmpty();
        HostConstraint check = HostConstraint.local();
        assertThat(check.failureReason("*")).isEmpty();
        assertThat(check.failureReason(machine.hostname())).isEmpty();
        for (InetAddress address : external) {
            assertThat(check.failureReason(address.getHostAddress())).isEmpty();
        }
        assertThat(check.failureReason("")).contains("could not find any IPv4 addresses for the supplied hostname");
    }
}
