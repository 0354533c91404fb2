package org.journeyledger.journey.live;

import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.LoggingErrorHandler;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.context.annotation.Bean;

/**
 * The processor behind live updates: a pooled streaming processor per node, starting at the head of the event
 * store, with its position kept in memory.
 * <p>
 * Why not the shared token store like the projections: there, the nodes of a cluster split the segments, so a node
 * would only see the events of its segments while its pages watch any customer. Why not a subscribing processor: it
 * only sees events published on its own node, and events recorded by another node (or through Kafka on another node)
 * would never reach this node's pages. Reading the store from the head on every node gives each node every event,
 * about a second at most after it is stored (the store's fetch delay) and at once for events stored on this node.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class LiveUpdatesConfiguration {

    @Bean
    ConfigurerModule liveUpdatesProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerPooledStreamingEventProcessor(LiveUpdates.PROCESSING_GROUP, Configuration::eventStore,
                        (configuration, builder) -> builder
                                .initialToken(StreamableMessageSource::createHeadToken)
                                .initialSegmentCount(1)
                                .batchSize(10))
                .registerTokenStore(LiveUpdates.PROCESSING_GROUP, configuration -> new InMemoryTokenStore())
                // Not a read model: a push that fails is logged and the next event goes on (pages reload anyway).
                .registerListenerInvocationErrorHandler(LiveUpdates.PROCESSING_GROUP,
                        configuration -> new LoggingErrorHandler()));
    }
}
