package io.factotum.webhook;

/**
 * The outcome of one POST.
 *
 * @param statusCode the HTTP status, or 0 when no response was received (network error)
 * @param message the response body for an HTTP answer, or what went wrong for a network error
 */
public record DeliveryResult(int statusCode, String message) {
    /** Any 2xx status is a success (ruling 4; Factotum accepted only 200). */
    public boolean succeeded() {
        return statusCode >= 200 && statusCode <= 299;
    }

    /** A network failure: no HTTP response at all. */
    public static DeliveryResult networkError(String message) {
        return new DeliveryResult(0, message);
    }
}
