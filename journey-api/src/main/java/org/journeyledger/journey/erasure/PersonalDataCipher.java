package org.journeyledger.journey.erasure;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Encrypts and decrypts the personal values of a serialized event payload, field by field, with the JDK's AES-GCM
 * (256-bit key, 96-bit random nonce, 128-bit tag). A value is replaced by the text
 * {@code jlenc1:<kind>:<Base64(nonce ‖ ciphertext ‖ tag)>}, where kind {@code s} is a string (its UTF-8 bytes are
 * encrypted) and {@code j} any other JSON value (its JSON text is encrypted). The additional authenticated data is
 * {@code eventId + "\n" + JSON pointer + "\n" + kind}, so a ciphertext cannot be moved to another field or event
 * unnoticed. The rest of the payload keeps its bytes' meaning: numbers keep their exact text.
 */
final class PersonalDataCipher {

    /** Marks an encrypted value. */
    static final String PREFIX = "jlenc1:";
    /** What a personal value that fails its authentication check reads as (the chain's verify names the event). */
    static final String UNDECRYPTABLE = "[undecryptable]";

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Looking a cipher up by name walks the security providers each time (a measured 5 % of the CPU of ingest); a
     * cipher is re-initialised with its key and nonce for every value, so one per thread is enough.
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    });
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private PersonalDataCipher() {
    }

    /** The state of a customer's data key as a reader finds it. */
    sealed interface KeyState {
    }

    /** The key exists: personal values decrypt. */
    record Active(SecretKey key) implements KeyState {
    }

    /** The customer was erased: personal values read as {@link PersonalData#ERASED}. */
    record Destroyed() implements KeyState {
    }

    /** An encrypted value failed its authentication check: it or its place was altered. */
    static final class TamperedException extends Exception {
        TamperedException(String pointer, Throwable cause) {
            super("The encrypted value at " + pointer + " does not authenticate: it was altered or moved", cause);
        }
    }

    /**
     * The payload with every personal value encrypted, or the very same array when it has no personal value (the key
     * is then never asked for).
     */
    static byte[] encrypt(byte[] payload, String payloadType, String eventId, Supplier<SecretKey> key) {
        if (!PersonalData.mayHold(payloadType)) {
            return payload;
        }
        JsonNode tree = read(payload);
        boolean changed = false;
        SecretKey secret = null;
        for (JsonPointer pointer : PersonalData.in(payloadType, tree)) {
            JsonNode value = tree.at(pointer);
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            if (secret == null) {
                secret = key.get();
            }
            replace(tree, pointer, TextNode.valueOf(encryptValue(value, eventId, pointer, secret)));
            changed = true;
        }
        return changed ? write(tree) : payload;
    }

    /**
     * The payload with every encrypted personal value decrypted, read as {@link PersonalData#ERASED} ({@code null}
     * for values that were not strings) when the key is destroyed, or as {@link #UNDECRYPTABLE} when it does not
     * authenticate. The same array when there is nothing to decrypt.
     */
    static byte[] decrypt(byte[] payload, String payloadType, String eventId, Supplier<KeyState> key,
                          TamperReport tampered) {
        if (!PersonalData.mayHold(payloadType)) {
            return payload;
        }
        JsonNode tree = read(payload);
        return decrypt(tree, payloadType, eventId, key, tampered) ? write(tree) : payload;
    }

    /**
     * {@link #decrypt(byte[], String, String, Supplier, TamperReport)} on a payload already read into a tree, in
     * place: what the event store's reads use, so that a payload is parsed once and deserialised from the tree.
     *
     * @return whether anything was decrypted
     */
    static boolean decrypt(JsonNode tree, String payloadType, String eventId, Supplier<KeyState> key,
                           TamperReport tampered) {
        if (!PersonalData.mayHold(payloadType)) {
            return false;
        }
        boolean changed = false;
        KeyState state = null;
        for (JsonPointer pointer : PersonalData.in(payloadType, tree)) {
            JsonNode value = tree.at(pointer);
            if (!value.isTextual() || !value.asText().startsWith(PREFIX)) {
                continue;
            }
            if (state == null) {
                state = key.get();
            }
            JsonNode plain;
            if (state instanceof Active active) {
                try {
                    plain = decryptValue(value.asText(), eventId, pointer, active.key());
                } catch (TamperedException e) {
                    tampered.found(eventId, pointer.toString(), e);
                    plain = placeholder(value.asText(), UNDECRYPTABLE);
                }
            } else {
                plain = placeholder(value.asText(), PersonalData.ERASED);
            }
            replace(tree, pointer, plain);
            changed = true;
        }
        return changed;
    }

    /** Told of every encrypted value that failed its authentication check. */
    interface TamperReport {
        void found(String eventId, String pointer, TamperedException problem);
    }

    static String encryptValue(JsonNode value, String eventId, JsonPointer pointer, SecretKey key) {
        String kind = value.isTextual() ? "s" : "j";
        byte[] plain = value.isTextual() ? value.asText().getBytes(StandardCharsets.UTF_8) : write(value);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(eventId, pointer, kind));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + kind + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime; encryption failed", e);
        }
    }

    static JsonNode decryptValue(String text, String eventId, JsonPointer pointer, SecretKey key)
            throws TamperedException {
        String kind = kindOf(text);
        try {
            byte[] in = Base64.getDecoder().decode(text.substring(PREFIX.length() + 2));
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(aad(eventId, pointer, kind));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return "s".equals(kind) ? TextNode.valueOf(new String(plain, StandardCharsets.UTF_8)) : read(plain);
        } catch (AEADBadTagException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new TamperedException(pointer.toString(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime; decryption failed", e);
        }
    }

    private static JsonNode placeholder(String text, String marker) {
        return "s".equals(kindOf(text)) ? TextNode.valueOf(marker) : NullNode.getInstance();
    }

    private static String kindOf(String text) {
        return text.length() > PREFIX.length() + 1 ? text.substring(PREFIX.length(), PREFIX.length() + 1) : "";
    }

    private static byte[] aad(String eventId, JsonPointer pointer, String kind) {
        return (eventId + "\n" + pointer + "\n" + kind).getBytes(StandardCharsets.UTF_8);
    }

    private static void replace(JsonNode tree, JsonPointer pointer, JsonNode value) {
        JsonNode parent = tree.at(pointer.head());
        JsonPointer last = pointer.last();
        if (parent instanceof ObjectNode object) {
            object.set(last.getMatchingProperty(), value);
        } else if (parent instanceof ArrayNode array) {
            array.set(last.getMatchingIndex(), value);
        } else {
            throw new IllegalStateException("No container at " + pointer.head() + " for personal value " + pointer);
        }
    }

    private static JsonNode read(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored event payload is not JSON", e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
