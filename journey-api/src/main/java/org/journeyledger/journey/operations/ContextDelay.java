package org.journeyledger.journey.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.journeyledger.journey.readmodel.Processors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/**
 * The timer {@code journey.context.delay}: from the moment the ledger recorded an event to the moment the customer's
 * context and timeline that include it were committed, i.e. how stale what an agent reads can be. Measured on the
 * processor that keeps both read models; events handled during a replay are left out, since their age is that of
 * the history, not of the projection.
 */
@Configuration(proxyBeanMethods = false)
class ContextDelay {

    @Bean
    ConfigurerModule contextDelayTimer(MeterRegistry meters, Clock clock) {
        Timer delay = Timer.builder("journey.context.delay")
                .description("From an event's recording to the commit of the context and timeline that show it")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
        MessageHandlerInterceptor<EventMessage<?>> timing = (unitOfWork, chain) -> {
            EventMessage<?> event = unitOfWork.getMessage();
            boolean replayed = event instanceof TrackedEventMessage<?> tracked
                    && ReplayToken.isReplay(tracked.trackingToken());
            if (!replayed) {
                unitOfWork.afterCommit(committed ->
                        delay.record(Duration.between(event.getTimestamp(), clock.instant())));
            }
            return chain.proceed();
        };
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerHandlerInterceptor(Processors.CUSTOMER_CONTEXT, configuration -> timing));
    }
}
