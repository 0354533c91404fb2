package org.journeyledger.journey.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * Agents see the identifiers they verify callers by; analysts and channel systems never see a customer's.
 */
class MaskingTest extends LedgerIntegrationTest {

    @Test
    void anAgentSeesIdentifiersInFullAnAnalystOnlyTheAnalyticsWithoutAny() {
        String email = email();
        String customerId = recordNew(with(with(touchpoint("store", "visit", Instant.now()), "email", email),
                "loyalty_card", "LC" + System.nanoTime()));
        awaitContext(customerId, c -> c.path("identifiers").size() == 2);

        JsonNode context = get(as(Role.AGENT), "/api/customers/" + customerId + "/context").body();
        assertThat(context.toString()).contains(email.toLowerCase(java.util.Locale.ROOT));

        var analytics = get(as(Role.ANALYST), "/api/analytics/journeys");
        assertThat(analytics.status()).isEqualTo(200);
        assertThat(analytics.body().path("channels").isArray()).isTrue();
        assertThat(analytics.body().toString()).doesNotContainIgnoringCase(email).doesNotContain(customerId);
        assertThat(get(as(Role.ANALYST), "/api/customers/" + customerId + "/context").status()).isEqualTo(403);
        assertThat(get(as(Role.ANALYST), "/api/customers/resolve?identifier=email:" + email).status()).isEqualTo(403);
    }

    @Test
    void aChannelSystemIsAnsweredWithIdsOnly() {
        var answer = post(as(Role.CHANNEL), "/api/touchpoints",
                with(touchpoint("web", "login", Instant.now()), "email", email()));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body().fieldNames()).toIterable().containsExactlyInAnyOrder("customerId", "eventId", "duplicate");
    }

    @Test
    void identifiersAreMaskedWhereverTheyAppearForRolesThatDoNotNeedThem() throws Exception {
        JsonNode document = JSON.readTree("""
                {"customerId": "c-1",
                 "identifiers": [{"type": "email", "value": "ana.lopez@example.com", "source": "web"},
                                 {"type": "loyalty_card", "value": "LC44102291"},
                                 {"type": "phone", "value": "+1202"}],
                 "matches": [{"identifier": {"type": "device_id", "value": "device-0c3f9a77"}}],
                 "facts": {"size": {"value": "42"}}}""");

        PersonalDataMasking.mask(document);

        assertThat(document.at("/identifiers/0/value").asText()).isEqualTo("a***@example.com");
        assertThat(document.at("/identifiers/0/source").asText()).isEqualTo("web");
        assertThat(document.at("/identifiers/1/value").asText()).isEqualTo("***2291");
        assertThat(document.at("/identifiers/2/value").asText()).isEqualTo("***");
        assertThat(document.at("/matches/0/identifier/value").asText()).isEqualTo("***9a77");
        assertThat(document.at("/facts/size/value").asText()).as("only identifiers").isEqualTo("42");
    }

    @Test
    void onlyAgentsAuditorsAndAdministratorsSeeIdentifiersUnmasked() {
        for (Role role : Role.values()) {
            boolean masked = PersonalDataMasking.masks(new Caller("someone", Set.of(role)));
            assertThat(masked).as(role.name()).isEqualTo(role == Role.CHANNEL || role == Role.ANALYST);
        }
        assertThat(PersonalDataMasking.masks(new Caller("pos", EnumSet.of(Role.CHANNEL, Role.AGENT)))).isFalse();
    }
}
