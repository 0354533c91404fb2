package org.journeyledger.journey.erasure;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.journeyledger.journey.erasure.PersonalDataCipher.Active;
import org.journeyledger.journey.erasure.PersonalDataCipher.Destroyed;
import org.journeyledger.journey.erasure.PersonalDataCipher.TamperedException;
import org.journeyledger.journey.identity.Identifier;
import org.journeyledger.journey.touchpoint.TouchpointRecordedEvent;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Field-level encryption of a touchpoint's personal values: identifiers and free text are stored as ciphertext,
 * everything else as it was; with the key they read back exactly, without it as the erased placeholder.
 */
class PersonalDataCipherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE = TouchpointRecordedEvent.class.getName();
    private static final String EVENT_ID = "5b0f8f7e-2a57-4a0e-9c55-1d2b8c0d1e01";
    private static final byte[] PAYLOAD = ("{\"customerId\":\"c-1\",\"source\":\"zendesk\",\"sourceEventId\":\"msg-1\","
            + "\"channel\":\"chat\",\"type\":\"interaction\",\"occurredAt\":\"2026-11-20T14:02:00Z\","
            + "\"identifiers\":[{\"type\":\"email\",\"value\":\"ana.lopez@example.com\"},"
            + "{\"type\":\"phone\",\"value\":\"+34600123456\"}],\"conversationId\":\"case-1\",\"actor\":\"agent:17\","
            + "\"data\":{\"kind\":\"message\",\"direction\":\"inbound\",\"summary\":\"My blender smokes\","
            + "\"sentiment\":-0.40,\"extra\":{\"street\":\"Calle Mayor 1\"}}}").getBytes(StandardCharsets.UTF_8);

    private final SecretKey key = MasterKey.newDataKey();

    @Test
    void personalValuesAreStoredAsCiphertextAndEverythingElseInClear() throws Exception {
        String stored = new String(PersonalDataCipher.encrypt(PAYLOAD, TYPE, EVENT_ID, () -> key),
                StandardCharsets.UTF_8);

        assertThat(stored).doesNotContain("ana.lopez", "600123456", "blender", "Calle Mayor");
        JsonNode tree = JSON.readTree(stored);
        assertThat(tree.at("/identifiers/0/value").asText()).startsWith("jlenc1:s:");
        assertThat(tree.at("/identifiers/0/type").asText()).isEqualTo("email");
        assertThat(tree.at("/data/summary").asText()).startsWith("jlenc1:s:");
        assertThat(tree.at("/data/extra").asText()).startsWith("jlenc1:j:");
        assertThat(stored).contains("\"kind\":\"message\"", "\"sentiment\":-0.40", "\"channel\":\"chat\"",
                "\"sourceEventId\":\"msg-1\"", "\"actor\":\"agent:17\"");
    }

    @Test
    void withTheKeyTheStoredPayloadReadsBackExactly() throws Exception {
        byte[] stored = PersonalDataCipher.encrypt(PAYLOAD, TYPE, EVENT_ID, () -> key);

        byte[] read = PersonalDataCipher.decrypt(stored, TYPE, EVENT_ID, () -> new Active(key), failOnTamper());

        assertThat(JSON.readTree(read)).isEqualTo(JSON.readTree(PAYLOAD));
        assertThat(new String(read, StandardCharsets.UTF_8)).contains("\"sentiment\":-0.40");
    }

    @Test
    void afterTheKeyIsDestroyedPersonalValuesReadAsErasedAndStillDeserialize() throws Exception {
        byte[] stored = PersonalDataCipher.encrypt(PAYLOAD, TYPE, EVENT_ID, () -> key);

        byte[] read = PersonalDataCipher.decrypt(stored, TYPE, EVENT_ID, Destroyed::new, failOnTamper());

        JsonNode tree = JSON.readTree(read);
        assertThat(tree.at("/identifiers/0/value").asText()).isEqualTo(PersonalData.ERASED);
        assertThat(tree.at("/data/summary").asText()).isEqualTo(PersonalData.ERASED);
        assertThat(tree.at("/data/extra").isNull()).isTrue();
        assertThat(tree.at("/data/kind").asText()).isEqualTo("message");
        TouchpointRecordedEvent event = eventMapper().readValue(read, TouchpointRecordedEvent.class);
        assertThat(event.identifiers()).containsExactly(new Identifier("email", PersonalData.ERASED),
                new Identifier("phone", PersonalData.ERASED));
    }

    @Test
    void aTamperedCiphertextDoesNotAuthenticate() throws Exception {
        JsonNode stored = JSON.readTree(PersonalDataCipher.encrypt(PAYLOAD, TYPE, EVENT_ID, () -> key));
        String ciphertext = stored.at("/data/summary").asText();
        char[] chars = ciphertext.toCharArray();
        int last = chars.length - 3;
        chars[last] = chars[last] == 'A' ? 'B' : 'A';
        String tampered = new String(chars);
        JsonPointer summary = JsonPointer.compile("/data/summary");

        assertThatThrownBy(() -> PersonalDataCipher.decryptValue(tampered, EVENT_ID, summary, key))
                .isInstanceOf(TamperedException.class);
        // Moved to another field or event, an untouched ciphertext does not authenticate either.
        assertThatThrownBy(() -> PersonalDataCipher.decryptValue(ciphertext, EVENT_ID,
                JsonPointer.compile("/identifiers/0/value"), key)).isInstanceOf(TamperedException.class);
        assertThatThrownBy(() -> PersonalDataCipher.decryptValue(ciphertext, "another-event", summary, key))
                .isInstanceOf(TamperedException.class);

        ((com.fasterxml.jackson.databind.node.ObjectNode) stored.get("data")).set("summary", TextNode.valueOf(tampered));
        List<String> reported = new ArrayList<>();
        byte[] read = PersonalDataCipher.decrypt(JSON.writeValueAsBytes(stored), TYPE, EVENT_ID,
                () -> new Active(key), (event, pointer, problem) -> reported.add(pointer));
        assertThat(reported).containsExactly("/data/summary");
        assertThat(JSON.readTree(read).at("/data/summary").asText()).isEqualTo(PersonalDataCipher.UNDECRYPTABLE);
        assertThat(JSON.readTree(read).at("/identifiers/0/value").asText()).isEqualTo("ana.lopez@example.com");
    }

    @Test
    void anEventWithoutPersonalValuesIsStoredByteForByteAndNeedsNoKey() {
        byte[] payload = "{\"customerId\":\"c-1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] purchaseTouchpoint = ("{\"type\":\"purchase\",\"identifiers\":[],\"data\":{\"orderId\":\"O-1\","
                + "\"total\":\"95.90\",\"items\":[{\"sku\":\"S\",\"unitPrice\":119.90}]}}").getBytes(StandardCharsets.UTF_8);

        assertThat(PersonalDataCipher.encrypt(payload, "org.journeyledger.journey.customer.CustomerJourneyStartedEvent",
                EVENT_ID, () -> { throw new AssertionError("no key needed"); })).isSameAs(payload);
        assertThat(PersonalDataCipher.encrypt(purchaseTouchpoint, TYPE, EVENT_ID,
                () -> { throw new AssertionError("no key needed"); })).isSameAs(purchaseTouchpoint);
    }

    @Test
    void aWrappedDataKeyUnwrapsOnlyForItsCustomer() {
        MasterKey master = new MasterKey(MasterKey.newDataKey().getEncoded());
        byte[] wrapped = master.wrap("customer-a", key);

        assertThat(master.unwrap("customer-a", wrapped).getEncoded()).isEqualTo(key.getEncoded());
        assertThatThrownBy(() -> master.unwrap("customer-b", wrapped)).isInstanceOf(IllegalStateException.class);
    }

    private static PersonalDataCipher.TamperReport failOnTamper() {
        return (event, pointer, problem) -> {
            throw new AssertionError("unexpected tamper report at " + pointer, problem);
        };
    }

    private static ObjectMapper eventMapper() {
        return com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
