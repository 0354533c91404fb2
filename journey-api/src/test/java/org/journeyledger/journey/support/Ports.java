package org.journeyledger.journey.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers the tests start, and restart on the same port. A port the kernel picked for a listener
 * ({@code new ServerSocket(0)}) lies in its ephemeral range, where, once the first server has stopped, it may be
 * given to any outgoing connection before the restart binds it again ("Address already in use"); these come from
 * below that range, where the kernel never picks.
 */
public final class Ports {

    private Ports() {
    }

    /** A port free now, outside the kernel's ephemeral range. */
    public static int free() {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(10_000, below);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 10000 and " + below);
    }

    /** Linux's {@code ip_local_port_range} start (32768 unless configured otherwise). */
    private static int ephemeralRangeStart() {
        try {
            int start = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim().split("\\s+")[0]);
            return Math.max(start, 11_000);
        } catch (IOException | RuntimeException notLinux) {
            return 32_768;
        }
    }
}
