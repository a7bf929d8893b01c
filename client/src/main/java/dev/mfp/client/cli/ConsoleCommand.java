package dev.mfp.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mfp console ID} (v2): the instance's console history, then its live lines ({@code mcsl.event.instance.log});
 * every line typed is sent as a command ({@code mcsl.instance.command.send}). End of input (Ctrl-D) or Ctrl-C only
 * detaches: the server keeps running. Ends by itself when the server's process ends.
 */
@Command(name = "console", description = "Attach to an instance's live console: its history, then new lines; every"
        + " line typed is sent as a command. Ctrl-D (end of input) or Ctrl-C detaches; the server keeps running.")
final class ConsoleCommand implements Callable<Integer> {
    private static final Set<String> LIVE = Set.of("starting", "running", "stopping");
    private static final Duration STATUS_EVERY = Duration.ofSeconds(2);

    @ParentCommand
    MfpCli parent;

    @Parameters(index = "0", description = "Instance id.")
    String id;

    @Override
    public Integer call() {
        return InstanceCommands.run(parent, c -> {
            Map<String, String> ref = Map.of("instance_id", id);
            String status = c.call("mcsl.instance.report.get", ref).path("status").asText();
            if (!LIVE.contains(status)) {
                System.err.println("error instance.not_running the instance is " + status);
                return 2;
            }
            // subscribe first so that no line falls between the history and the live lines
            c.call("mcsl.event.subscribe", Map.of("event", "mcsl.event.instance.log", "meta", ref));
            List<String> history = new ArrayList<>();
            c.call("mcsl.instance.log.get", ref).get("logs").forEach(l -> history.add(l.asText()));
            PrintStream out = System.out;
            history.forEach(out::println);
            List<String> early = new ArrayList<>();
            for (JsonNode n; (n = c.nextNotification("mcsl.event.instance.log", Duration.ofMillis(50))) != null; ) {
                early.add(line(n));
            }
            early.subList(0, overlap(history, early)).clear();
            early.forEach(out::println);
            out.flush();
            System.err.println("[attached to " + id + "; Ctrl-D or Ctrl-C detaches, the server keeps running]");
            Thread input = new Thread(() -> typeCommands(c, ref), "console-input");
            input.setDaemon(true);
            input.start();
            long nextStatus = System.nanoTime() + STATUS_EVERY.toNanos();
            while (input.isAlive() && !c.closed().isDone()) {
                JsonNode n = c.nextNotification("mcsl.event.instance.log", Duration.ofMillis(250));
                if (n != null) {
                    out.println(line(n));
                    out.flush();
                } else if (System.nanoTime() > nextStatus) {
                    nextStatus = System.nanoTime() + STATUS_EVERY.toNanos();
                    String now = c.call("mcsl.instance.report.get", ref).path("status").asText();
                    if (!LIVE.contains(now)) {
                        drain(c, out);
                        System.err.println("[the instance is " + now + "]");
                        return 0;
                    }
                }
            }
            drain(c, out);
            System.err.println("[detached; the server keeps running]");
            return 0;
        });
    }

    private static void drain(MfpV2Client c, PrintStream out) throws InterruptedException {
        for (JsonNode n; (n = c.nextNotification("mcsl.event.instance.log", Duration.ofMillis(100))) != null; ) {
            out.println(line(n));
        }
        out.flush();
    }

    /** Reads typed lines until end of input; each non-blank one is a command. */
    private static void typeCommands(MfpV2Client c, Map<String, String> ref) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()))) {
            for (String l; (l = in.readLine()) != null; ) {
                if (l.isBlank()) {
                    continue;
                }
                try {
                    c.call("mcsl.instance.command.send", Map.of("instance_id", ref.get("instance_id"), "command", l));
                } catch (dev.mfp.client.v2.MfpV2Exception e) {
                    String code = e.daemonErrorCode();
                    System.err.println("error " + (code != null ? code : String.valueOf(e.code())) + " "
                            + e.error().path("message").asText());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // input closed: detach
        }
    }

    private static String line(JsonNode n) {
        return n.path("params").path("data").path("log").asText();
    }

    /**
     * How many of the first live lines are the end of the history already printed (they were published between the
     * subscription and the history): the longest prefix of {@code early} that is a suffix of {@code history}.
     */
    static int overlap(List<String> history, List<String> early) {
        for (int k = Math.min(history.size(), early.size()); k > 0; k--) {
            if (history.subList(history.size() - k, history.size()).equals(early.subList(0, k))) {
                return k;
            }
        }
        return 0;
    }
}
