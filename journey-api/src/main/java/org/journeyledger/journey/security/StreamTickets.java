package org.journeyledger.journey.security;

import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Short-lived, signed tickets that open one customer's live stream. {@code EventSource} cannot send an
 * {@code X-API-Key} header, and a key in a URL would end up in proxy logs and browser history; a ticket is only
 * good for one stream for {@code journey.security.stream-ticket-ttl} (1 minute). It is stateless (HMAC-SHA256 over
 * caller, roles, stream path and expiry) so any node sharing the secret accepts it.
 */
@Component
public class StreamTickets {

    private final byte[] secret;
    private final Clock clock;
    private final java.time.Duration ttl;

    public StreamTickets(SecurityProperties properties, Clock clock) {
        if (properties.streamTicketSecret() == null || properties.streamTicketSecret().isBlank()) {
            this.secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        } else {
            this.secret = properties.streamTicketSecret().getBytes(StandardCharsets.UTF_8);
        }
        this.clock = clock;
        this.ttl = properties.streamTicketTtl();
    }

    /** A ticket opening the stream at {@code path} as the caller; see {@link #redeem}. */
    public Ticket issue(Caller caller, String path) {
        Instant expiresAt = clock.instant().plus(ttl);
        String payload = String.join("\n", caller.name(), caller.roles().stream().map(Role::name)
                .collect(Collectors.joining(",")), path, Long.toString(expiresAt.getEpochSecond()));
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return new Ticket(base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(sign(payload)), expiresAt);
    }

    /** A ticket and when it stops opening the stream. */
    public record Ticket(String ticket, Instant expiresAt) {
    }

    /** The caller a valid, unexpired ticket for this path was issued to. */
    Optional<Caller> redeem(String ticket, String path) {
        int dot = ticket.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            String payload = new String(base64.decode(ticket.substring(0, dot)), StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(sign(payload), base64.decode(ticket.substring(dot + 1)))) {
                return Optional.empty();
            }
            String[] parts = payload.split("\n", -1);
            if (parts.length != 4 || !parts[2].equals(path)
                    || Instant.ofEpochSecond(Long.parseLong(parts[3])).isBefore(clock.instant())) {
                return Optional.empty();
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            Arrays.stream(parts[1].split(",")).filter(r -> !r.isEmpty()).map(Role::parse).forEach(roles::add);
            return Optional.of(new Caller(parts[0], roles));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK has HmacSHA256", e);
        }
    }
}
