package org.journeyledger.journey.erasure;

import org.journeyledger.journey.config.JourneyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The key that wraps (encrypts) every customer's data key before it is stored, so that the database alone never
 * holds a usable key: {@code journey.erasure.master-key}, or, when that is unset, a key generated once into
 * {@code <journey.data-dir>/erasure-master-key}. Wrapping is AES-GCM with the customer id as additional data, so a
 * wrapped key copied onto another customer's row does not unwrap.
 */
final class MasterKey {

    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
    private static final String FILE_NAME = "erasure-master-key";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    MasterKey(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("journey.erasure.master-key must be the Base64 of " + KEY_BYTES
                    + " bytes (e.g. the output of 'openssl rand -base64 32'), not of " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The configured master key, or the one in the data directory (generated there on first use). */
    static MasterKey from(JourneyProperties properties) {
        String configured = properties.erasure().masterKey();
        if (configured != null && !configured.isBlank()) {
            return new MasterKey(Base64.getDecoder().decode(configured.trim()));
        }
        Path file = properties.dataDir().toAbsolutePath().resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[KEY_BYTES];
                RANDOM.nextBytes(fresh);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.of(
                            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
                    Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n");
                    log.warn("Generated the erasure master key into {}; set journey.erasure.master-key in production "
                            + "and keep a copy outside the database's backups", file);
                } catch (FileAlreadyExistsException raced) {
                    log.debug("Another process generated {} first", file);
                }
            }
            return new MasterKey(Base64.getDecoder().decode(Files.readString(file).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the erasure master key " + file
                    + "; set journey.erasure.master-key or make journey.data-dir writable", e);
        }
    }

    /** A new random data key (AES-256). */
    static SecretKey newDataKey() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }

    /** Looking a cipher up by name walks the security providers; one per thread, re-initialised for each use. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    });

    byte[] wrap(String customerId, SecretKey dataKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(customerId));
            byte[] sealed = cipher.doFinal(dataKey.getEncoded());
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not wrap the data key of customer " + customerId, e);
        }
    }

    SecretKey unwrap(String customerId, byte[] wrapped) {
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, wrapped, 0, NONCE_BYTES));
            cipher.updateAAD(aad(customerId));
            return new SecretKeySpec(cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The data key of customer " + customerId + " does not unwrap with the "
                    + "configured master key: journey.erasure.master-key (or the data directory's key file) is not "
                    + "the one this database was written with", e);
        }
    }

    private static byte[] aad(String customerId) {
        return ("journey-ledger data key\n" + customerId).getBytes(StandardCharsets.UTF_8);
    }
}
