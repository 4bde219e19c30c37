package govgraph.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Test-only Neo4j Community server for govgraph's Python tests.
 *
 * <p>Runs Neo4j in-process (embedded API) with one Bolt connector on 127.0.0.1, auth enabled
 * (user {@code neo4j}, password from {@code --password} or {@code $NEO4J_PASSWORD}), and the
 * whole DBMS home (databases, transaction logs, debug.log) inside a scratch directory that is
 * deleted on exit.
 *
 * <p>Protocol with the parent process:
 * <ul>
 *   <li>stdout carries exactly one line, {@code READY bolt://127.0.0.1:<port>}, printed once
 *       Bolt accepts connections and the password is set. Everything else goes to stderr.</li>
 *   <li>The server stops cleanly when its stdin reaches end-of-file (the parent closed the pipe
 *       or died) or on SIGTERM/SIGINT. Exit code 0 after a stdin-triggered stop, 143/130 after a
 *       signal, 2 for bad arguments, 1 when Neo4j failed to start.</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp target/classes:target/lib/* govgraph.testserver.GovgraphNeo4jServer
 * [--port N] [--password P] [--data-dir DIR] [--pagecache SIZE] [--keep-data] [--no-stdin-watch]}
 */
public final class GovgraphNeo4jServer {

    private static final String PREFIX = "govgraph-neo4j: ";
    private static final String DEFAULT_DB = GraphDatabaseSettings.DEFAULT_DATABASE_NAME;

    private final PrintStream out; // the real stdout: only the READY line goes here
    private final PrintStream err;
    private final Options opts;
    private final AtomicBoolean stopped = new AtomicBoolean(false);
    private volatile DatabaseManagementService dbms;

    private GovgraphNeo4jServer(Options opts, PrintStream out, PrintStream err) {
        this.opts = opts;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // Keep stdout clean for the READY line: anything a library prints to System.out ends up
        // on stderr instead.
        PrintStream realOut = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = System.err;
        System.setOut(err);

        Options opts;
        try {
            opts = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(PREFIX + "error: " + e.getMessage());
            err.println(PREFIX + Options.USAGE);
            System.exit(2);
            return;
        }
        if (opts.help) {
            err.println(Options.USAGE);
            System.exit(0);
            return;
        }

        GovgraphNeo4jServer server = new GovgraphNeo4jServer(opts, realOut, err);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "govgraph-neo4j-shutdown"));
        try {
            server.start();
        } catch (Throwable t) {
            t.printStackTrace(err);
            server.dumpDebugLogTail(25);
            // Last line on purpose: callers show the tail of stderr.
            err.println(PREFIX + "FAILED to start Neo4j: " + t + rootCause(t));
            err.flush();
            server.stop();
            Runtime.getRuntime().halt(1);
            return;
        }
        if (opts.watchStdin) {
            Thread watcher = new Thread(() -> {
                try {
                    InputStream in = System.in;
                    byte[] buf = new byte[256];
                    while (in.read(buf) >= 0) {
                        // ignore input; only end-of-file matters
                    }
                } catch (IOException ignored) {
                    // a broken stdin counts as closed
                }
                err.println(PREFIX + "stdin closed, shutting down");
                System.exit(0); // runs the shutdown hook
            }, "govgraph-neo4j-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        // Park the main thread: the JVM ends through System.exit (stdin closed) or a signal,
        // both of which run the shutdown hook.
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    private void start() throws Exception {
        Path home = opts.dataDir;
        Files.createDirectories(home);
        long t0 = System.nanoTime();
        err.println(PREFIX + "starting Neo4j in " + home + " (bolt 127.0.0.1:" + opts.port
                + ", pagecache " + opts.pageCacheBytes / (1024 * 1024) + "m, max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m)");

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", opts.port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", opts.port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // Accept any password length (tests may use short ones).
                .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                // No lock-out after failed logins: a test that checks a wrong password must not
                // block the next test's correct login.
                .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                .setConfig(GraphDatabaseSettings.pagecache_memory, opts.pageCacheBytes)
                .setConfig(GraphDatabaseSettings.pagecache_warmup_enabled, false)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 1024L * 1024L)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Shutdown otherwise idles ~10 s waiting for (already closed) Bolt connections.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2));
        dbms = builder.build();
        err.println(PREFIX + "DBMS built after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");

        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        GraphDatabaseService neo4j = dbms.database(DEFAULT_DB);
        if (!system.isAvailable(TimeUnit.SECONDS.toMillis(120))) {
            throw new IllegalStateException("system database did not become available");
        }
        // A fresh DBMS has user neo4j/neo4j with "password change required"; set ours.  A DBMS
        // restarted on its kept data already has it (and Neo4j refuses to set the same again).
        boolean fresh = system.executeTransactionally(
                "SHOW USERS YIELD user, passwordChangeRequired WHERE user = 'neo4j' RETURN passwordChangeRequired",
                Map.of(), r -> r.hasNext() && Boolean.TRUE.equals(r.next().get("passwordChangeRequired")));
        if (!fresh) {
            err.println(PREFIX + "kept data: the password is the one set before");
        } else if ("neo4j".equals(opts.password)) {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        } else {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED",
                    Map.of("pw", opts.password));
        }
        err.println(PREFIX + "password set after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        if (!neo4j.isAvailable(TimeUnit.SECONDS.toMillis(120))) {
            throw new IllegalStateException("database '" + DEFAULT_DB + "' did not become available");
        }

        ConnectorPortRegister ports = ((GraphDatabaseAPI) system).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class);
        HostnamePort bolt = ports.getLocalAddress(ConnectorType.BOLT);
        if (bolt == null) {
            throw new IllegalStateException("Bolt connector did not register a listening address");
        }
        int port = bolt.getPort();
        waitForTcp("127.0.0.1", port, TimeUnit.SECONDS.toMillis(60));

        String version = neo4j.executeTransactionally(
                "CALL dbms.components() YIELD name, versions, edition "
                        + "RETURN name + ' ' + versions[0] + ' ' + edition AS v",
                Map.of(), r -> r.hasNext() ? String.valueOf(r.next().get("v")) : "?");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        err.println(PREFIX + version + " up in " + ms + " ms (inside the JVM)");
        out.println("READY bolt://127.0.0.1:" + port);
        out.flush();
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? "" : " (root cause: " + root + ")";
    }

    private static void waitForTcp(String host, int port, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        IOException last = null;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("Bolt port " + port + " does not accept connections", last);
    }

    /** Idempotent: stops Neo4j and deletes the scratch directory. */
    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        DatabaseManagementService d = dbms;
        if (d != null) {
            try {
                d.shutdown();
                err.println(PREFIX + "Neo4j stopped");
            } catch (Throwable t) {
                err.println(PREFIX + "error during shutdown: " + t);
            }
        }
        if (!opts.keepData) {
            try {
                deleteRecursively(opts.dataDir);
            } catch (IOException e) {
                err.println(PREFIX + "could not delete " + opts.dataDir + ": " + e);
            }
        }
        err.flush();
    }

    private void dumpDebugLogTail(int lines) {
        Path log = opts.dataDir.resolve("logs").resolve("debug.log");
        if (!Files.isRegularFile(log)) {
            return;
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            err.println(PREFIX + "last lines of " + log + ":");
            for (String l : all.subList(Math.max(0, all.size() - lines), all.size())) {
                err.println("  " + l);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort only
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Command-line options. */
    static final class Options {
        static final String USAGE = "usage: GovgraphNeo4jServer [--port N (0 = any free port)] "
                + "[--password P (default $NEO4J_PASSWORD)] [--data-dir DIR (empty or new; deleted on exit; "
                + "default: a new temp dir)] [--pagecache SIZE (e.g. 16m; default 32m)] [--keep-data (keep "
                + "DIR, and start on it if it holds a DBMS)] "
                + "[--no-stdin-watch]";

        int port = 0;
        String password = System.getenv("NEO4J_PASSWORD");
        Path dataDir;
        long pageCacheBytes = 32L * 1024 * 1024;
        boolean keepData = false;
        boolean watchStdin = true;
        boolean help = false;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    value = a.substring(eq + 1);
                    a = a.substring(0, eq);
                }
                switch (a) {
                    case "--port":
                        String p = value != null ? value : next(args, ++i, a);
                        try {
                            o.port = Integer.parseInt(p);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--port needs a number, got '" + p + "'");
                        }
                        if (o.port < 0 || o.port > 65535) {
                            throw new IllegalArgumentException("--port out of range: " + o.port);
                        }
                        break;
                    case "--password":
                        o.password = value != null ? value : next(args, ++i, a);
                        break;
                    case "--data-dir":
                        o.dataDir = Paths.get(value != null ? value : next(args, ++i, a)).toAbsolutePath();
                        break;
                    case "--pagecache":
                        o.pageCacheBytes = parseSize(value != null ? value : next(args, ++i, a));
                        break;
                    case "--keep-data":
                        o.keepData = true;
                        break;
                    case "--no-stdin-watch":
                        o.watchStdin = false;
                        break;
                    case "-h":
                    case "--help":
                        o.help = true;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (o.help) {
                return o;
            }
            if (o.password == null || o.password.isEmpty()) {
                throw new IllegalArgumentException("no password: give --password or set NEO4J_PASSWORD");
            }
            try {
                if (o.dataDir == null) {
                    o.dataDir = Files.createTempDirectory("govgraph-neo4j-");
                } else if (Files.exists(o.dataDir)) {
                    // The directory is deleted on exit, so refuse anything that is not ours to delete;
                    // with --keep-data it is a DBMS home to start again on (after a crash, say).
                    if (!Files.isDirectory(o.dataDir)) {
                        throw new IllegalArgumentException("--data-dir is not a directory: " + o.dataDir);
                    }
                    if (o.keepData) {
                        return o;
                    }
                    try (Stream<Path> s = Files.list(o.dataDir)) {
                        if (s.findAny().isPresent()) {
                            throw new IllegalArgumentException("--data-dir must be empty or absent: " + o.dataDir);
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot prepare data dir: " + e);
            }
            return o;
        }

        private static String next(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }

        static long parseSize(String s) {
            String t = s.trim().toLowerCase();
            long mult = 1;
            if (t.endsWith("k")) {
                mult = 1024L;
            } else if (t.endsWith("m")) {
                mult = 1024L * 1024;
            } else if (t.endsWith("g")) {
                mult = 1024L * 1024 * 1024;
            }
            if (mult != 1) {
                t = t.substring(0, t.length() - 1);
            }
            try {
                return Long.parseLong(t) * mult;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad size '" + s + "' (use e.g. 32m)");
            }
        }
    }
}
