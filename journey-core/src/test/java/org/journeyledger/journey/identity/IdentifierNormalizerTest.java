package org.journeyledger.journey.identity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifierNormalizerTest {

    private final IdentifierNormalizer normalizer = new IdentifierNormalizer("GB", List.of("crm_contact_id"));

    @Test
    void emailsAreTrimmedAndCaseFolded() {
        assertThat(normalizer.normalize("email", "  Ana.Lopez@Example.COM ").value()).isEqualTo("ana.lopez@example.com");
    }

    @Test
    void phoneNumbersInLocalAndInternationalFormatMeetInE164() {
        Identifier local = normalizer.normalize("phone", "020 7946 0018");
        Identifier international = normalizer.normalize("phone", "+44 (0)20-7946-0018");

        assertThat(local.value()).isEqualTo("+442079460018");
        assertThat(international).isEqualTo(local);
    }

    @Test
    void loyaltyCardsLoseTheirPrintedGrouping() {
        assertThat(normalizer.normalize("loyalty_card", "lc 4410-2291").value()).isEqualTo("LC44102291");
    }

    @Test
    void configuredTypesAreAcceptedAndTrimmed() {
        assertThat(normalizer.normalize("crm_contact_id", " 0031A ")).isEqualTo(new Identifier("crm_contact_id", "0031A"));
        assertThat(normalizer.knownTypes()).contains("email", "device_id", "crm_contact_id");
    }

    @Test
    void anUnknownTypeIsRejectedAsSuch() {
        assertThatThrownBy(() -> normalizer.normalize("passport", "X1"))
                .isInstanceOfSatisfying(InvalidIdentifierException.class, e -> assertThat(e.isUnknownType()).isTrue())
                .hasMessageContaining("passport");
    }

    @Test
    void malformedValuesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> normalizer.normalize("email", "not-an-email")).hasMessageContaining("not an email");
        assertThatThrownBy(() -> normalizer.normalize("phone", "call me")).hasMessageContaining("not a phone number");
        assertThatThrownBy(() -> normalizer.normalize("account_id", "   ")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> normalizer.normalize("device_id", "d".repeat(300))).hasMessageContaining("longer than");
    }

    @Test
    void aValueThatCaseFoldingLengthensPastTheLimitIsRejected() {
        String card = "ß".repeat(200);
        String email = "İ".repeat(200) + "@example.org";

        assertThatThrownBy(() -> normalizer.normalize("loyalty_card", card)).hasMessageContaining("once normalised");
        assertThatThrownBy(() -> normalizer.normalize("email", email)).hasMessageContaining("once normalised");
    }

    @Test
    void aValueWithANulOrAnUnpairedSurrogateIsRejected() {
        assertThatThrownBy(() -> normalizer.normalize("email", "ana\u0000@example.org"))
                .isInstanceOfSatisfying(InvalidIdentifierException.class, e -> assertThat(e.isUnknownType()).isFalse())
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> normalizer.normalize("account_id", "acc-\ud800")).hasMessageContaining("surrogates");
        assertThat(normalizer.normalize("account_id", "acc-😀").value()).isEqualTo("acc-😀");
    }

    @Test
    void aBadRegionOrTypeNameInConfigurationFailsWithAHint() {
        assertThatThrownBy(() -> new IdentifierNormalizer("XX", List.of())).hasMessageContaining("default-region");
        assertThatThrownBy(() -> new IdentifierNormalizer("US", List.of("Bad-Type"))).hasMessageContaining("snake case");
    }
}
