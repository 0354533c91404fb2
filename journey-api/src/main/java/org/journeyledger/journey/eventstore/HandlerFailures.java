package org.journeyledger.journey.eventstore;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An exception in a projection or in the publisher fails the batch instead of skipping the event. Axon's default
 * logs it and moves on, which would leave a read model (context, timeline, analytics) or the published stream
 * without that event for good, silently. Propagated, the processor rolls the batch back and retries it with
 * back-off, the token never passes the event, and the stuck processor shows in health and in
 * {@code journey.processor.lag} until the cause is fixed (a wrong erasure master key on one node, say).
 */
@Configuration(proxyBeanMethods = false)
class HandlerFailures {

    @Bean
    ConfigurerModule handlerFailuresAreRetriedNotSkipped() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }
}
