package ir.meganaft.ragateway.bench;

import ir.meganaft.ragateway.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The H2 crash probe of issue 11 (bench/h2-crash runs it): {@code write URL} commits rows from eight
 * threads through the gateway's own {@link Database} (write-through and a sync after each commit)
 * and prints {@code OK <id>} once each commit has returned, until it is killed; {@code check URL
 * FILE} opens the database again as the gateway would (its {@code Database}, with the compaction at
 * start) and counts every printed id that is not there. Not a test: H2 loses
 * acknowledged commits only in some kills, so it is run in a loop and the losses are counted.
 */
public final class H2CrashProbe {
    private H2CrashProbe() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("write")) {
            write(args[1]);
        } else {
            check(args[1], Path.of(args[2]));
        }
    }

    private static void write(String url) throws Exception {
        Database db = new Database(url, "sa", "", 16);
        db.jdbi()
                .useHandle(h -> h.execute(
                        "create table if not exists probe (id bigint primary key, payload varchar(4000), n int)"));
        db.jdbi()
                .useHandle(h ->
                        h.execute("create table if not exists probe_hot (id int primary key, payload varchar(4000))"));
        for (int i = 0; i < 200; i++) {
            int k = i;
            db.jdbi().useHandle(h -> h.execute("merge into probe_hot key(id) values (" + k + ", 'a')"));
        }
        AtomicLong next = new AtomicLong(System.currentTimeMillis() * 1000);
        for (int t = 0; t < 8; t++) {
            new Thread(() -> {
                        Random random = new Random();
                        while (true) {
                            long id = next.incrementAndGet();
                            String payload = "x".repeat(500 + random.nextInt(3000));
                            db.jdbi().useTransaction(h -> {
                                h.createUpdate("insert into probe values (:id, :p, 0)")
                                        .bind("id", id)
                                        .bind("p", payload)
                                        .execute();
                                h.createUpdate("update probe_hot set payload = :p where id = :k")
                                        .bind("p", payload)
                                        .bind("k", random.nextInt(200))
                                        .execute();
                            });
                            synchronized (System.out) {
                                System.out.println("OK " + id);
                                System.out.flush();
                            }
                        }
                    })
                    .start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void check(String url, Path printed) throws Exception {
        List<Long> acknowledged = new ArrayList<>();
        for (String line : Files.readAllLines(printed)) {
            if (line.startsWith("OK ")) {
                try {
                    acknowledged.add(Long.parseLong(line.substring(3).trim()));
                } catch (NumberFormatException cutByTheKill) {
                    // the last line may be half written
                }
            }
        }
        Set<Long> stored = new HashSet<>();
        // opened as the restarted gateway opens it: the same URL settings, a compaction first if it needs one
        try (Database db = new Database(url, "sa", "", 2)) {
            db.jdbi().useHandle(h -> {
                // a kill before the writer created it (a slow start) leaves none
                if (h.createQuery("select count(*) from information_schema.tables where table_name = 'PROBE'")
                                .mapTo(Long.class)
                                .one()
                        > 0) {
                    stored.addAll(h.createQuery("select id from probe")
                            .mapTo(Long.class)
                            .list());
                }
            });
        }
        long lost = acknowledged.stream().filter(id -> !stored.contains(id)).count();
        System.out.println("result: acknowledged " + acknowledged.size() + ", lost " + lost);
    }
}
