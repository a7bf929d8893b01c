package dev.mfp.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.protocol.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The commands for people (issue 12 item 1), over v2: {@code status}, {@code instances}, {@code start|stop|kill|
 * restart ID}, {@code send ID COMMAND}, {@code logs ID [-f]}. Tables by default, {@code --json} for scripts; an error
 * is one line {@code error <daemon_error_code> …} and exit code 2 (3 when the daemon cannot be reached).
 */
final class InstanceCommands {
    private InstanceCommands() {
    }

    /** Runs {@code body} on a v2 connection, turning failures into the documented exit codes. */
    static int run(MfpCli cli, Body body) {
        try (MfpV2Client c = cli.connectV2()) {
            return body.run(c);
        } catch (MfpV2Exception e) {
            String code = e.daemonErrorCode();
            System.err.println("error " + (code != null ? code : String.valueOf(e.code())) + " "
                    + e.error().path("message").asText());
            return 2;
        } catch (dev.mfp.client.MfpConnectException e) {
            System.err.println("error cannot connect to " + cli.url + ": " + e.getMessage());
            return 3;
        } catch (Exception e) {
            System.err.println("error " + e.getMessage());
            return 2;
        }
    }

    interface Body {
        int run(MfpV2Client c) throws Exception;
    }

    static void json(JsonNode n) {
        MfpCli.print(n);
    }

    @Command(name = "status", description = "Daemon, host and a table of the instances.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Override
        public Integer call() {
            return run(parent, c -> {
                JsonNode sys = c.call("mcsl.system.info.get");
                JsonNode reports = c.call("mcsl.instance.report.list").get("reports");
                if (parent.json) {
                    ObjectNode out = Json.mapper().createObjectNode();
                    out.set("system", sys);
                    out.set("reports", reports);
                    json(out);
                    return 0;
                }
                JsonNode mem = sys.path("mem");
                JsonNode drive = sys.path("drive");
                System.out.printf("daemon %s at %s%n", sys.path("daemon_version").asText(), parent.url);
                System.out.printf("host   %s %s, %d CPUs at %s, memory %s free of %s, disk %s free of %s%n",
                        sys.path("os").path("name").asText(), sys.path("os").path("architecture").asText(),
                        sys.path("cpu").path("count").asInt(), Table.percent(sys.path("cpu").path("usage").asDouble()),
                        Table.bytes(mem.path("free_kilobytes").asLong() * 1024),
                        Table.bytes(mem.path("total_kilobytes").asLong() * 1024),
                        Table.bytes(drive.path("free_bytes").asLong()), Table.bytes(drive.path("total_bytes").asLong()));
                System.out.println();
                System.out.print(instanceTable(reports).render());
                return 0;
            });
        }
    }

    @Command(name = "instances", description = "The instances: id, name, type, status, players, CPU, memory.")
    static final class Instances implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Override
        public Integer call() {
            return run(parent, c -> {
                JsonNode reports = c.call("mcsl.instance.report.list").get("reports");
                if (parent.json) {
                    json(reports);
                } else {
                    System.out.print(instanceTable(reports).render());
                }
                return 0;
            });
        }
    }

    @Command(name = "instance", description = "One instance.", subcommands = {InstanceCommands.Show.class,
        InstanceCommands.Create.class})
    static final class InstanceGroup {
        @ParentCommand
        MfpCli parent;
    }

    @Command(name = "show", description = "An instance's report and settings.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        InstanceGroup group;

        @Parameters(index = "0", description = "Instance id.")
        String id;

        @Override
        public Integer call() {
            MfpCli cli = group.parent;
            return run(cli, c -> {
                JsonNode report = c.call("mcsl.instance.report.get", Map.of("instance_id", id));
                JsonNode settings = c.call("mcsl.instance.settings.get", Map.of("instance_id", id));
                if (cli.json) {
                    ObjectNode out = Json.mapper().createObjectNode();
                    out.set("report", report);
                    out.set("settings", settings);
                    json(out);
                    return 0;
                }
                JsonNode cfg = settings.path("config");
                JsonNode perf = report.path("performance_counter");
                Table t = new Table("FIELD", "VALUE");
                t.row("id", id).row("name", cfg.path("name").asText())
                        .row("type", cfg.path("instance_type").asText() + " " + cfg.path("version").asText())
                        .row("status", report.path("status").asText()
                                + (report.path("ready_timed_out").asBoolean() ? " (not ready yet)" : ""))
                        .row("process", report.path("process_id").isNull() ? "-" : report.path("process_id").asText())
                        .row("players", report.path("players").size() + " / "
                                + report.path("properties").path("max-players").asText("?"))
                        .row("cpu", Table.percent(perf.path("cpu").asDouble()))
                        .row("memory", Table.bytes(perf.path("memory_bytes").asLong()))
                        .row("target", cfg.path("target").asText() + " (" + cfg.path("target_type").asText() + ")")
                        .row("java", cfg.path("java_path").asText())
                        .row("arguments", String.join(" ", Json.mapper().convertValue(cfg.path("arguments"),
                                String[].class)))
                        .row("console", cfg.path("console_mode").asText())
                        .row("directory", settings.path("working_directory").asText());
                System.out.print(t.render());
                return 0;
            });
        }
    }

    @Command(name = "create", description = "Create an instance as a tracked operation (mcsl.provisioning.*):"
            + " resolve a plan, execute it and follow the download with a progress bar.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        InstanceGroup group;

        @Option(names = "--provision", arity = "2", required = true, paramLabel = "KIND VERSION", hideParamSyntax = true,
                description = "Server kind (vanilla, paper, fabric, forge, neo_forge, quilt) and Minecraft version.")
        List<String> provision;

        @Option(names = "--source", paramLabel = "URL|PATH", description = "The server jar (forge/neo_forge: the"
                + " installer): an http(s)/ftp URL, optionally ending in #sha256=<hex> or #sha1=<hex> to verify it,"
                + " or a daemon-root path such as an uploaded file. Required by the daemon; without it only the"
                + " plan's missing facts are shown.")
        String source;

        @Option(names = "--name", description = "Instance name (default: KIND VERSION).")
        String name;

        @Option(names = "--mirror", defaultValue = "none", description = "Download mirror for installers: none or"
                + " bmcl_api (default ${DEFAULT-VALUE}).")
        String mirror;

        @Option(names = "--java", paramLabel = "PATH", description = "Java executable (default: java).")
        String java;

        @Option(names = "--no-wait", description = "Print the operation id and return.")
        boolean noWait;

        @Override
        public Integer call() {
            MfpCli cli = group.parent;
            return run(cli, c -> {
                String kind = provision.get(0);
                String version = provision.get(1);
                Map<String, Object> p = new java.util.HashMap<>();
                p.put("provider", kind);
                p.put("instance_name", name != null ? name : kind + " " + version);
                p.put("minecraft_version", version);
                p.put("source", source);
                p.put("mirror", mirror);
                p.put("java_path", java);
                p.put("creator_principal", "cli");
                JsonNode plan = c.call("mcsl.provisioning.resolve", p);
                if (!plan.path("status").asText().equals("ready")) {
                    if (cli.json) {
                        json(plan);
                    }
                    for (JsonNode u : plan.path("unresolved")) {
                        System.err.println("error " + u.path("code").asText() + " " + u.path("message").asText());
                    }
                    return 2;
                }
                String op = c.call("mcsl.provisioning.execute", Map.of("plan_id", plan.path("plan_id").asText(),
                        "executor_principal", "cli")).get("operation_id").asText();
                if (noWait) {
                    System.out.println(op);
                    return 0;
                }
                return OperationCommands.follow(c, op);
            });
        }
    }

    static Table instanceTable(JsonNode reports) {
        Table t = new Table("ID", "NAME", "TYPE", "STATUS", "PLAYERS", "CPU", "MEMORY");
        reports.fields().forEachRemaining(e -> {
            JsonNode r = e.getValue();
            JsonNode perf = r.path("performance_counter");
            t.row(e.getKey(), r.path("config").path("name").asText(), r.path("config").path("instance_type").asText(),
                    r.path("status").asText() + (r.path("ready_timed_out").asBoolean() ? " (slow)" : ""),
                    r.path("players").size(), Table.percent(perf.path("cpu").asDouble()),
                    Table.bytes(perf.path("memory_bytes").asLong()));
        });
        return t;
    }

    /** start | stop | kill (halt) | restart; waits for the resulting state unless --no-wait. */
    abstract static class Lifecycle implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Parameters(index = "0", description = "Instance id.")
        String id;

        @Option(names = "--no-wait", description = "Return once the daemon accepted the request.")
        boolean noWait;

        @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for the state (default"
                + " ${DEFAULT-VALUE}).")
        int timeout;

        abstract int act(MfpV2Client c) throws Exception;

        @Override
        public Integer call() {
            return run(parent, this::act);
        }

        Map<String, Object> ref() {
            return Map.of("instance_id", id);
        }

        /** Waits until the status is one of {@code wanted}; prints it. */
        int await(MfpV2Client c, List<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
            String status;
            do {
                status = c.call("mcsl.instance.report.get", ref()).path("status").asText();
                if (wanted.contains(status)) {
                    System.out.println(id + " " + status);
                    return 0;
                }
                Thread.sleep(250);
            } while (System.nanoTime() < deadline);
            System.err.println("error timeout " + id + " is still " + status);
            return 4;
        }
    }

    @Command(name = "start", description = "Start an instance and wait until it runs.")
    static final class Start extends Lifecycle {
        @Override
        int act(MfpV2Client c) throws Exception {
            c.call("mcsl.instance.start", ref());
            return noWait ? 0 : await(c, List.of("running", "stopped", "crashed"));
        }
    }

    @Command(name = "stop", description = "Stop an instance (\"stop\" for Minecraft) and wait until it has.")
    static final class Stop extends Lifecycle {
        @Override
        int act(MfpV2Client c) throws Exception {
            c.call("mcsl.instance.stop", ref());
            return noWait ? 0 : await(c, List.of("stopped", "crashed"));
        }
    }

    @Command(name = "kill", description = "Kill an instance's process tree (v2 halt).")
    static final class Kill extends Lifecycle {
        @Override
        int act(MfpV2Client c) throws Exception {
            c.call("mcsl.instance.halt", ref());
            return noWait ? 0 : await(c, List.of("stopped", "crashed"));
        }
    }

    @Command(name = "restart", description = "Stop (if running), wait for it, start and wait until it runs.")
    static final class Restart extends Lifecycle {
        @Override
        int act(MfpV2Client c) throws Exception {
            String status = c.call("mcsl.instance.report.get", ref()).path("status").asText();
            if (status.equals("starting") || status.equals("running")) {
                c.call("mcsl.instance.stop", ref());
                int r = await(c, List.of("stopped", "crashed"));
                if (r != 0) {
                    return r;
                }
            }
            c.call("mcsl.instance.start", ref());
            return noWait ? 0 : await(c, List.of("running", "stopped", "crashed"));
        }
    }

    @Command(name = "send", description = "Send one console command to an instance.")
    static final class Send implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Parameters(index = "0", description = "Instance id.")
        String id;

        @Parameters(index = "1..*", arity = "1..*", description = "The command (words are joined by spaces).")
        List<String> words;

        @Override
        public Integer call() {
            return run(parent, c -> {
                c.call("mcsl.instance.command.send", Map.of("instance_id", id, "command", String.join(" ", words)));
                return 0;
            });
        }
    }

    @Command(name = "logs", description = "Print an instance's console history; -f follows it.")
    static final class Logs implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Parameters(index = "0", description = "Instance id.")
        String id;

        @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
        boolean follow;

        @Option(names = "--since", description = "Only the last N lines of the history.")
        Integer last;

        @Override
        public Integer call() {
            return run(parent, c -> {
                if (follow) {
                    // subscribe first so no line falls between the history and the follow
                    c.call("mcsl.event.subscribe", Map.of("event", "mcsl.event.instance.log", "meta",
                            Map.of("instance_id", id)));
                }
                JsonNode logs = c.call("mcsl.instance.log.get", Map.of("instance_id", id)).get("logs");
                int from = last == null ? 0 : Math.max(0, logs.size() - last);
                for (int i = from; i < logs.size(); i++) {
                    System.out.println(logs.get(i).asText());
                }
                while (follow && !c.closed().isDone()) {
                    JsonNode n = c.nextNotification("mcsl.event.instance.log", Duration.ofSeconds(1));
                    if (n != null) {
                        System.out.println(n.path("params").path("data").path("log").asText());
                    }
                }
                return 0;
            });
        }
    }
}
