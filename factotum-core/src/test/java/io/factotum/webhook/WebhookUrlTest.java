package io.factotum.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "http://www.snowplowanalytics.com", "https://www.snowplowanalytics.com/webhook?x=1#f",
        "http://127.0.0.1:8080/hook", "http://[::1]:9000/", "http://user:pw@host.example:443/a",
        "http://localhost:", "https://bücher.example/", "http://1.2.3.4/", "http://0x7f.1/", "http://999.example/",
        "http://a_b.example/", "http://xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.example/", "http:///host-after-extra-slashes"
    })
    void acceptsHttpAndHttpsUrls(String url) {
        assertThatCode(() -> WebhookUrl.check(url)).doesNotThrowAnyException();
    }

    @Test
    void anotherSchemeOrNoSchemeIsRejectedFirst() {
        for (String url : new String[] {"potato.com/", "ftp://example.com/", "HTTP://example.com/", "", "http:/x"}) {
            assertThatThrownBy(() -> WebhookUrl.check(url)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("URL must begin with 'http://' or 'https://' to be used with Factotum webhooks");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://                     | empty host",
        "https://                    | empty host",
        "http://:8080/               | empty host",
        "http:///                    | empty host",
        "http:///path                | ",
        "http://user@/               | empty host",
        "http://host:port/           | invalid port number",
        "http://host:65536/          | invalid port number",
        "http://[::1/                | invalid IPv6 address",
        "http://[not-ipv6]/          | invalid IPv6 address",
        "http://256.1.1.1/           | invalid IPv4 address",
        "http://1.2.3.4.5000000000/  | ",
        "http://a%20b/               | invalid domain character",
        "http://a<b>c%23/            | invalid domain character",
    })
    void unparsableUrlsGiveTheUrlCratesReason(String url, String reason) {
        if (reason == null) {
            assertThatCode(() -> WebhookUrl.check(url)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> WebhookUrl.check(url)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(reason);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://127.0.0.1:8080/hook                 | http://127.0.0.1:8080/hook",
        "https://Example.COM                        | https://example.com",
        "http://example.com/a b?q={x}^y#f#g         | http://example.com/a%20b?q=%7Bx%7D%5Ey#f%23g",
        "https://bücher.example/é                   | https://xn--bcher-kva.example/%C3%A9",
        "http://[::1]:9000/x                        | http://[::1]:9000/x",
        "http://u ser:pw@host:0080/already%20escaped | http://u%20ser:pw@host:80/already%20escaped",
        "http:///host\\path                       | http://host/path",
        " http://host/%zz                           | http://host/%25zz",
    })
    void toUriNormalisesWhatTheJdkWouldRefuse(String url, String expected) {
        assertThat(WebhookUrl.toUri(url)).hasToString(expected);
        assertThat(URI.create(expected).getHost()).isNotNull();
    }

    @Test
    void toUriChecksFirst() {
        assertThatThrownBy(() -> WebhookUrl.toUri("http://")).hasMessage("empty host");
        assertThatThrownBy(() -> WebhookUrl.toUri("potato.com/"))
                .hasMessage("URL must begin with 'http://' or 'https://' to be used with Factotum webhooks");
    }
}
