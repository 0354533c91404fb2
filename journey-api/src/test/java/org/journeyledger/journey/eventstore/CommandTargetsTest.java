package org.journeyledger.journey.eventstore;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.journeyledger.journey.customer.CustomerId;
import org.journeyledger.journey.identity.RejectMatchCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTargetsTest {

    private final CommandTargets targets = new CommandTargets();

    record Versioned(@TargetAggregateIdentifier String id, @TargetAggregateVersion long version) {
    }

    static final class MarkedOnAMethod {
        @TargetAggregateIdentifier
        String target() {
            return "customer-9";
        }
    }

    @Test
    void aCommandGoesToTheCustomerItsMarkedFieldNames() {
        RejectMatchCommand command = new RejectMatchCommand(CustomerId.of("customer-1"), CustomerId.of("customer-2"),
                "match-1", "agent", "not the same person");

        VersionedAggregateIdentifier target = resolve(command);

        assertThat(target.getIdentifier()).isEqualTo("customer-1");
        assertThat(target.getVersion()).isNull();
        assertThat(target).isEqualTo(resolvedByAxon(command));
    }

    @Test
    void anExpectedVersionIsPassedOn() {
        Versioned command = new Versioned("customer-3", 41);

        assertThat(resolve(command)).isEqualTo(new VersionedAggregateIdentifier("customer-3", 41L))
                .isEqualTo(resolvedByAxon(command));
    }

    @Test
    void aCommandWithoutItsCustomerIsRefused() {
        RejectMatchCommand command = new RejectMatchCommand(null, CustomerId.of("customer-2"), "match-1", "agent", "");

        assertThatThrownBy(() -> resolve(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RejectMatchCommand");
    }

    @Test
    void aCommandMarkedOnAMethodIsResolvedAsAxonDoes() {
        assertThat(resolve(new MarkedOnAMethod()).getIdentifier()).isEqualTo("customer-9");
    }

    private VersionedAggregateIdentifier resolve(Object command) {
        return targets.resolveTarget(GenericCommandMessage.asCommandMessage(command));
    }

    private static VersionedAggregateIdentifier resolvedByAxon(Object command) {
        return AnnotationCommandTargetResolver.builder().build()
                .resolveTarget(GenericCommandMessage.asCommandMessage(command));
    }
}
