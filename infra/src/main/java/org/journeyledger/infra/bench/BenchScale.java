package org.journeyledger.infra.bench;

/**
 * How much load a run generates. Presets by name ({@code -Dbench.scale=quick}); every field can be overridden by a
 * system property of its name ({@code -Dbench.customers=5000}).
 *
 * @param customers     customers in the generated stream
 * @param touchpoints   touchpoints in the stream; the first half goes over Kafka, the second over HTTP batches
 * @param heavyEvents   touchpoints of the one busy customer whose as-of reads are timed
 * @param readThreads   concurrent readers in the read-latency phase
 * @param readSeconds   measured seconds of each read phase (after 5 s of warm-up)
 * @param readRate      resolve + context pairs per second started on a fixed schedule in the second read phase
 * @param asOfReads     as-of requests timed (one after the other)
 * @param heavySeconds  time budget for writing the busy customer's stream (quadratic without snapshots)
 */
record BenchScale(String name, int customers, long touchpoints, int heavyEvents, int readThreads, int readSeconds,
                  int readRate, int asOfReads, int heavySeconds) {

    static BenchScale named(String name) {
        BenchScale preset = switch (name) {
            // For developing the harness itself: a minute or two.
            case "smoke" -> new BenchScale(name, 200, 4_000, 500, 4, 5, 50, 50, 60);
            case "quick" -> new BenchScale(name, 2_000, 50_000, 10_000, 8, 20, 100, 100, 420);
            // ~1.48 ledger events per touchpoint after a customer's first (which makes ~4): 6.5 million touchpoints
            // over 100,000 customers are just over 10 million events, the size the targets are set at.
            case "large" -> new BenchScale(name, 100_000, 6_500_000, 10_000, 16, 60, 200, 500, 3600);
            default -> throw new IllegalArgumentException("bench.scale must be smoke, quick or large, not " + name);
        };
        return new BenchScale(name,
                Integer.getInteger("bench.customers", preset.customers()),
                Long.getLong("bench.touchpoints", preset.touchpoints()),
                Integer.getInteger("bench.heavyEvents", preset.heavyEvents()),
                Integer.getInteger("bench.readThreads", preset.readThreads()),
                Integer.getInteger("bench.readSeconds", preset.readSeconds()),
                Integer.getInteger("bench.readRate", preset.readRate()),
                Integer.getInteger("bench.asOfReads", preset.asOfReads()),
                Integer.getInteger("bench.heavySeconds", preset.heavySeconds()));
    }
}
