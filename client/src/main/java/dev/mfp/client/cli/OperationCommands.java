package dev.mfp.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfp.client.v2.MfpV2Client;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Backups, operations and the audit log for people (issue 9 item 7), over v2: {@code mfp backup create|list|restore},
 * {@code mfp ops [ID]} (one operation followed with a progress line until it ends), {@code mfp audit}.
 */
final class OperationCommands {
    private OperationCommands() {
    }

    /** Follows an operation until it is terminal; prints its end; exit 0 only for {@code succeeded}. */
    static int follow(MfpV2Client c, String operationId) throws InterruptedException {
        JsonNode op;
        while (true) {
            op = c.call("mcsl.operation.get", Map.of("operation_id", operationId));
            String status = op.path("status").asText();
            JsonNode p = op.path("progress");
            if (System.console() != null) {
                System.err.printf("\r%s  %s  %s   ", progress(p, 30), status, op.path("stage").asText());
            }
            if (!status.equals("queued") && !status.equals("running")) {
                break;
            }
            Thread.sleep(250);
        }
        if (System.console() != null) {
            System.err.println();
        }
        String status = op.path("status").asText();
        System.out.println(operationId + " " + status + (op.path("result_reference").isNull() ? ""
                : " " + op.path("result_reference").asText())
                + (op.path("error_code").isNull() ? "" : " " + op.path("error_code").asText()));
        return status.equals("succeeded") ? 0 : 2;
    }

    /**
     * The progress of operations.md §3.1 as one line: {@code completed / total} as a percentage when both are set,
     * else a bar of {@code bytes_transferred / bytes_total} (with the rate), else the bytes so far, else "…".
     */
    static String progress(JsonNode p, int width) {
        if (!p.path("indeterminate").asBoolean() && p.path("completed").isNumber() && p.path("total").isNumber()) {
            return String.format(java.util.Locale.ROOT, "%3.0f%%", 100 * p.path("completed").asDouble()
                    / Math.max(1e-9, p.path("total").asDouble()));
        }
        long done = p.path("bytes_transferred").asLong(-1);
        long total = p.path("bytes_total").asLong(-1);
        String rate = p.path("rate").isNumber() ? "  " + Table.bytes((long) p.path("rate").asDouble()) + "/s" : "";
        if (done >= 0 && total > 0) {
            int filled = (int) Math.min(width, Math.round((double) width * done / total));
            return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                    + String.format(java.util.Locale.ROOT, "%3.0f%%", 100.0 * Math.min(done, total) / total) + "  "
                    + Table.bytes(done) + " / " + Table.bytes(total) + rate;
        }
        if (done >= 0) {
            return Table.bytes(done) + rate;
        }
        return "  …";
    }

    @Command(name = "backup", description = "Back up and restore instances.",
            subcommands = {OperationCommands.BackupCreate.class, OperationCommands.BackupList.class,
                OperationCommands.BackupRestore.class})
    static final class Backup {
        @ParentCommand
        MfpCli parent;
    }

    @Command(name = "create", description = "Back up an instance (stopped; --live while it runs; --maintenance stops"
            + " and restarts it) and follow the operation.")
    static final class BackupCreate implements Callable<Integer> {
        @ParentCommand
        Backup group;

        @Parameters(index = "0", description = "Instance id.")
        String id;

        @Option(names = "--live", description = "A running Minecraft server, without stopping it.")
        boolean live;

        @Option(names = "--maintenance", description = "Stop the instance, archive, start it again.")
        boolean maintenance;

        @Option(names = "--no-wait", description = "Print the operation id and return.")
        boolean noWait;

        @Override
        public Integer call() {
            return InstanceCommands.run(group.parent, c -> {
                Map<String, Object> p = new HashMap<>();
                p.put("instance_id", id);
                p.put("maintenance", maintenance);
                p.put("owner_principal", "cli");
                if (live) {
                    p.put("live", true);
                }
                String op = c.call("mcsl.backup.create", p).get("operation_id").asText();
                if (noWait) {
                    System.out.println(op);
                    return 0;
                }
                return follow(c, op);
            });
        }
    }

    @Command(name = "list", description = "The archives (of one instance, or all).")
    static final class BackupList implements Callable<Integer> {
        @ParentCommand
        Backup group;

        @Parameters(index = "0", arity = "0..1", description = "Instance id.")
        String id;

        @Override
        public Integer call() {
            MfpCli cli = group.parent;
            return InstanceCommands.run(cli, c -> {
                Map<String, Object> p = new HashMap<>();
                p.put("instance_id", id);
                JsonNode archives = c.call("mcsl.backup.list", p).get("archives");
                if (cli.json) {
                    MfpCli.print(archives);
                    return 0;
                }
                Table t = new Table("ARCHIVE", "INSTANCE", "CREATED", "FILES", "SIZE", "ZIP");
                archives.forEach(a -> t.row(a.path("archive_id").asText(), a.path("instance_name").asText(),
                        a.path("created_at").asText(), a.path("files").size(),
                        Table.bytes(a.path("total_size_bytes").asLong()),
                        Table.bytes(a.path("compressed_size_bytes").asLong())));
                System.out.print(t.render());
                return 0;
            });
        }
    }

    @Command(name = "restore", description = "Replace an instance's directory with an archive: plan, confirm (--yes),"
            + " execute, follow.")
    static final class BackupRestore implements Callable<Integer> {
        @ParentCommand
        Backup group;

        @Parameters(index = "0", description = "Archive id.")
        String archive;

        @Parameters(index = "1", description = "Instance id (stopped).")
        String id;

        @Option(names = "--yes", description = "Confirm the destructive replacement (otherwise only the plan is"
                + " shown).")
        boolean yes;

        @Override
        public Integer call() {
            return InstanceCommands.run(group.parent, c -> {
                JsonNode plan = c.call("mcsl.backup.restore.plan", Map.of("archive_id", archive, "instance_id", id,
                        "creator_principal", "cli"));
                String planId = plan.path("plan_id").asText();
                if (!yes) {
                    MfpCli.print(plan);
                    System.err.println("not confirmed: run again with --yes to replace the instance's directory");
                    return 0;
                }
                if (plan.path("requires_confirmation").asBoolean(true)) {
                    c.call("mcsl.backup.restore.confirm", Map.of("plan_id", planId, "plan_hash",
                            plan.path("plan_hash").asText(), "confirmer_principal", "cli"));
                }
                String op = c.call("mcsl.backup.restore.execute", Map.of("plan_id", planId, "executor_principal",
                        "cli")).get("operation_id").asText();
                return follow(c, op);
            });
        }
    }

    @Command(name = "ops", description = "The operations (backups, restores) as a table; with an id, follow it.")
    static final class Ops implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Parameters(index = "0", arity = "0..1", description = "Operation id to follow.")
        String id;

        @Override
        public Integer call() {
            return InstanceCommands.run(parent, c -> {
                if (id != null) {
                    return follow(c, id);
                }
                Map<String, Object> p = new HashMap<>();
                p.put("owner_principal", null);
                JsonNode ops = c.call("mcsl.operation.list", p).get("operations");
                if (parent.json) {
                    MfpCli.print(ops);
                    return 0;
                }
                Table t = new Table("OPERATION", "KIND", "TARGET", "STATUS", "STAGE", "CREATED", "RESULT");
                ops.forEach(o -> t.row(o.path("operation_id").asText(), o.path("kind").asText(),
                        o.path("target").asText(""), o.path("status").asText(), o.path("stage").asText(),
                        o.path("created_at").asText(), o.path("error_code").isNull()
                                ? o.path("result_reference").asText("") : o.path("error_code").asText()));
                System.out.print(t.render());
                return 0;
            });
        }
    }

    @Command(name = "audit", description = "The newest audit records (who did what, and whether it worked).")
    static final class Audit implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Option(names = "--method", description = "Only this method, e.g. mcsl.instance.start.")
        String method;

        @Option(names = "--principal", description = "Only this caller (subject).")
        String principal;

        @Option(names = "--limit", defaultValue = "50", description = "Most records (1..500, default"
                + " ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            return InstanceCommands.run(parent, c -> {
                Map<String, Object> p = new HashMap<>();
                p.put("maximum_records", limit);
                p.put("method", method);
                p.put("principal", principal);
                JsonNode r = c.call("mcsl.audit.query", p);
                if (parent.json) {
                    MfpCli.print(r);
                    return 0;
                }
                Table t = new Table("TIME", "WHO", "METHOD", "TARGET", "OUTCOME");
                r.path("records").forEach(a -> t.row(a.path("timestamp").asText(), a.path("principal").asText(),
                        a.path("method").asText(), a.path("target").asText(""),
                        a.path("succeeded").asBoolean() ? "ok" : a.path("error_code").asText()));
                System.out.print(t.render());
                return 0;
            });
        }
    }
}
