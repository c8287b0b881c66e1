package io.activationhub.identity;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;

/**
 * Identity-resolution benchmark: prints pairwise precision, recall and F1 on the public Febrl data sets and on
 * generated French sets, then the time and peak heap to resolve a large generated loyalty base.
 * Run with {@code bench/identity.sh [records for the scale run, default 1000000]}.
 */
public final class LinkageBench {

    private LinkageBench() {
    }

    public static void main(String[] args) throws Exception {
        int scale = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path febrl = Febrl.home();
        for (String name : List.of("dataset1.csv", "dataset2.csv", "dataset3.csv")) {
            Febrl.DataSet d = Febrl.read(febrl.resolve(name));
            long t0 = System.nanoTime();
            IdentityIndex index = new IdentityIndex();
            index.resolve(d.records());
            System.out.printf("Febrl %-13s %5d records  %s  in %d ms%n", name, d.records().size(),
                    LinkageScore.of(index.persons(), d.truth()), (System.nanoTime() - t0) / 1_000_000);
        }
        FrenchPeople.DataSet french = FrenchPeople.generate(20_000, 0.3, 42);
        IdentityIndex fi = new IdentityIndex();
        long t0 = System.nanoTime();
        fi.resolve(french.records());
        System.out.printf("French generated   %6d records  %s  in %d ms%n", french.records().size(),
                LinkageScore.of(fi.persons(), french.truth()), (System.nanoTime() - t0) / 1_000_000);

        // incremental: the same French set in ten batches
        IdentityIndex inc = new IdentityIndex();
        int size = french.records().size();
        for (int b = 0; b < 10; b++) {
            inc.resolve(french.records().subList(b * size / 10, (b + 1) * size / 10));
        }
        System.out.printf("French incremental %6d records in 10 batches  %s%n", size,
                LinkageScore.of(inc.persons(), french.truth()));

        int people = (int) (scale / 1.15);
        FrenchPeople.DataSet big = FrenchPeople.generate(people, 0.12, 7);
        System.gc();
        long t1 = System.nanoTime();
        IdentityIndex bi = new IdentityIndex();
        for (int from = 0; from < big.records().size(); from += 100_000) {
            bi.resolve(big.records().subList(from, Math.min(big.records().size(), from + 100_000)));
        }
        double seconds = (System.nanoTime() - t1) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("Scale: %d records resolved in %.1f s (%.0f records/s), peak heap %d MB (max %d MB)  %s%n",
                big.records().size(), seconds, big.records().size() / seconds, peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20, LinkageScore.of(bi.persons(), big.truth()));
    }
}
