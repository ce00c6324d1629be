package io.factotum.store.consul;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Consul agent is and how to talk to it.
 *
 * @param host the agent's address ({@code --consul-ip})
 * @param port its HTTP port ({@code --consul-port})
 * @param namespace the key prefix of the job entries ({@code --consul-namespace})
 * @param token the ACL token sent with every request ({@code --consul-token} / {@code CONSUL_HTTP_TOKEN})
 * @param requestTimeout how long one request may take before the agent counts as unreachable
 */
public record ConsulSettings(String host, int port, String namespace, Optional<String> token, Duration requestTimeout) {
    /** Requests longer than this count as the agent being unreachable (ruling 6: answer 503, not hang). */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    public ConsulSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Consul port must be 1..65535: " + port);
        }
        ConsulKeys.requireValidNamespace(namespace);
        token.ifPresent(t -> {
            if (t.isEmpty() || t.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("Consul token must be printable ASCII without spaces");
            }
        });
    }

    public static ConsulSettings of(String host, int port, String namespace) {
        return new ConsulSettings(host, port, namespace, Optional.empty(), DEFAULT_REQUEST_TIMEOUT);
    }
}
