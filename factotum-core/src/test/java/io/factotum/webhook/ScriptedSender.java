package io.factotum.webhook;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * A sender the test drives step by step: each {@link #post} hands its body to the test and waits
 * for the test to say how the attempt went.
 */
final class ScriptedSender implements WebhookSender {
    private final BlockingQueue<String> posted = new LinkedBlockingQueue<>();
    private final SynchronousQueue<DeliveryResult> answers = new SynchronousQueue<>();

    @Override
    public DeliveryResult post(URI url, String jsonBody) {
        posted.add(jsonBody);
        try {
            return answers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.networkError("interrupted");
        }
    }

    /** Waits for the dispatcher's next attempt and returns its body; the attempt stays pending. */
    String nextAttempt() throws InterruptedException {
        return posted.take();
    }

    /** Completes the pending attempt. */
    void answer(int status) throws InterruptedException {
        answers.put(new DeliveryResult(status, "scripted"));
    }
}
