package org.journeyledger.journey.live;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the open event streams of this node, per customer, and feeds them every event the ledger stores.
 * <p>
 * The event handler runs in the {@value #PROCESSING_GROUP} processing group: a pooled streaming processor that reads
 * the event store from its head, with a token store in memory ({@link LiveUpdatesConfiguration}). So every node sees
 * every event, whichever node or path (HTTP, Kafka) stored it, and a restart never replays history to pages.
 * Sending happens on the processor's thread; a failed send only drops that one stream, the page reconnects.
 */
@Component
@ProcessingGroup(LiveUpdates.PROCESSING_GROUP)
class LiveUpdates implements SmartLifecycle {

    static final String PROCESSING_GROUP = "live-updates";
    /** Proxies and load balancers close idle connections; a comment line now and then keeps the stream open. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

    private final ConcurrentHashMap<String, Set<SseEmitter>> streams = new ConcurrentHashMap<>();
    private ScheduledExecutorService heartbeat;
    private volatile boolean running;

    /** Opens a stream of the customer's new events; it ends after {@code timeout} (the browser then reconnects). */
    SseEmitter open(String customerId, Duration timeout) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Set<SseEmitter> customerStreams = streams.computeIfAbsent(customerId, id -> ConcurrentHashMap.newKeySet());
        customerStreams.add(emitter);
        Runnable remove = () -> remove(customerId, emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(error -> remove.run());
        // Sends the response headers now, so the page knows the stream is open before anything happens.
        send(customerId, emitter, SseEmitter.event().comment("watching customer " + customerId));
        return emitter;
    }

    /** How many streams this node has open, for tests and metrics. */
    int openStreams() {
        return streams.values().stream().mapToInt(Set::size).sum();
    }

    /**
     * Takes the message, not its payload: resolving a payload parameter would decrypt and deserialise every event the
     * ledger stores, on every node, though a page is told only the event's type and id, and most customers have no
     * page open.
     */
    @EventHandler
    void on(EventMessage<?> message) {
        if (!(message instanceof DomainEventMessage<?> domainEvent)) {
            return;
        }
        String customerId = domainEvent.getAggregateIdentifier();
        Set<SseEmitter> customerStreams = streams.get(customerId);
        if (customerStreams == null || customerStreams.isEmpty()) {
            return;
        }
        LiveUpdate update = new LiveUpdate(message.getIdentifier(), message.getPayloadType().getSimpleName(),
                customerId, message.getTimestamp());
        for (SseEmitter emitter : List.copyOf(customerStreams)) {
            send(customerId, emitter, SseEmitter.event().id(update.eventId()).name("ledger-event")
                    .data(update, MediaType.APPLICATION_JSON));
        }
    }

    private void send(String customerId, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | RuntimeException e) {
            // The page went away (or the stream already ended): forget the stream, the page reconnects if alive.
            // Never let it fail the event handler, which would stop live updates for every page of this node.
            log.debug("Dropping a live stream of customer {}: {}", customerId, e.toString());
            remove(customerId, emitter);
            try {
                emitter.completeWithError(e);
            } catch (RuntimeException alreadyCompleted) {
                log.trace("Live stream already completed", alreadyCompleted);
            }
        }
    }

    private void remove(String customerId, SseEmitter emitter) {
        streams.computeIfPresent(customerId, (id, set) -> {
            set.remove(emitter);
            return set.isEmpty() ? null : set;
        });
    }

    private void beat() {
        streams.forEach((customerId, set) -> List.copyOf(set).forEach(emitter ->
                send(customerId, emitter, SseEmitter.event().comment("heartbeat"))));
    }

    @Override
    public void start() {
        heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "live-updates-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleAtFixedRate(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    /**
     * Ends every open stream before the web server's graceful shutdown, which would otherwise wait for these
     * never-ending requests until its timeout.
     */
    @Override
    public void stop() {
        running = false;
        heartbeat.shutdownNow();
        streams.values().forEach(set -> List.copyOf(set).forEach(SseEmitter::complete));
        streams.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
