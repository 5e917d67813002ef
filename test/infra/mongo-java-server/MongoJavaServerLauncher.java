import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A throwaway mongo-java-server (in-memory backend) for tests; start.sh compiles and runs it.
 *
 *   java -cp 'target/lib/*:classes' MongoJavaServerLauncher <url-file> <pid-file> [advertised-version]
 *
 * Binds 127.0.0.1 on a port the system picks, then writes its pid and, last, the URL
 * (mongodb://127.0.0.1:PORT/): once the URL file exists the server accepts connections.
 * SIGTERM (or SIGINT) shuts the server down and removes both files.
 *
 * advertised-version (default 4.4) is only what hello/buildInfo report. mongo-java-server
 * 1.47.0 reports at most wire version 8 (MongoDB 4.2, its "MONGO_5_0"), and the Node.js
 * driver 7 refuses anything below 9 (MongoDB 4.4) before sending a single command, so the
 * launcher claims 4.4. Nothing else in the server depends on the version: what it cannot
 * do it still refuses, and the tests see that.
 */
public final class MongoJavaServerLauncher {
    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: MongoJavaServerLauncher <url-file> <pid-file> [server-version]");
            System.exit(2);
        }
        Path urlFile = Path.of(args[0]);
        Path pidFile = Path.of(args[1]);
        MongoVersion version = advertised(args.length == 3 ? args[2] : "4.4");

        MongoServer server = new MongoServer(new MemoryBackend().version(version));
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        String url = "mongodb://127.0.0.1:" + address.getPort() + "/";

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("mongo-java-server: shutting down");
            try {
                server.shutdownNow();
            } finally {
                deleteQuietly(urlFile);
                deleteQuietly(pidFile);
                stopped.countDown();
            }
        }, "shutdown"));

        writeAtomically(pidFile, Long.toString(ProcessHandle.current().pid()));
        writeAtomically(urlFile, url);
        System.err.println("mongo-java-server listening on " + url + ", advertising " + version);
        stopped.await();
    }

    /** MongoDB releases and the wire version each reports as maxWireVersion. */
    private static final Map<String, Integer> WIRE_VERSIONS = Map.of("4.0", 7, "4.2", 8, "4.4", 9, "5.0", 13, "6.0", 17, "7.0", 21);

    private static MongoVersion advertised(String release) {
        Integer wire = WIRE_VERSIONS.get(release);
        if (wire == null) throw new IllegalArgumentException("unknown advertised version " + release + "; one of " + WIRE_VERSIONS.keySet());
        String[] parts = release.split("\\.");
        List<Integer> array = List.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), 0);
        return new MongoVersion() {
            @Override
            public List<Integer> getVersionArray() {
                return array;
            }

            @Override
            public int getWireVersion() {
                return wire;
            }

            @Override
            public String toString() {
                return "MongoDB " + release + " (wire version " + wire + ")";
            }
        };
    }

    /** Readers never see a half-written file: write beside it, then rename over it. */
    private static void writeAtomically(Path file, String line) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, line + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: stop.sh removes the pid file too
        }
    }
}
