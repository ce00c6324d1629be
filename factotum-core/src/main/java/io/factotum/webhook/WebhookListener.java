package io.factotum.webhook;

import io.factotum.engine.JobEvent;
import io.factotum.engine.JobListener;

/**
 * Turns each engine event into its payload (a job transition gives a {@code job_update}, anything
 * else, heartbeats included, a {@code task_update}) and queues it on the dispatcher. Runs on the
 * engine's thread: it only renders JSON and never waits for the network.
 */
public final class WebhookListener implements JobListener {
    private final WebhookPayloads payloads;
    private final WebhookDispatcher dispatcher;

    public WebhookListener(WebhookContext context, WebhookDispatcher dispatcher) {
        this.payloads = new WebhookPayloads(context);
        this.dispatcher = dispatcher;
    }

    @Override
    public void onEvent(JobEvent event) {
        dispatcher.enqueue(payloads.payload(event));
    }
}
