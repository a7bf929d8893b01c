package dev.mfp.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.client.MfpClient;
import dev.mfp.client.v2.MfpV2Client;
import dev.mfp.client.v2.MfpV2Exception;
import dev.mfp.client.MfpException;
import dev.mfp.client.MfpHttp;
import dev.mfp.protocol.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Command-line client: {@code mfp info | token | call | watch} (either protocol, {@code --api}) and the commands for
 * people in {@link InstanceCommands} (v2).
 */
@Command(name = "mfp", mixinStandardHelpOptions = true, version = "1.0.0",
        description = "Command-line client for an MFP daemon (v1 actions or, with --api v2, v2 methods).",
        subcommands = {MfpCli.Info.class, MfpCli.Token.class, MfpCli.Call.class, MfpCli.Watch.class,
            InstanceCommands.Status.class, InstanceCommands.Instances.class, InstanceCommands.InstanceGroup.class,
            InstanceCommands.Start.class,
            InstanceCommands.Stop.class, InstanceCommands.Kill.class, InstanceCommands.Restart.class,
            InstanceCommands.Send.class, InstanceCommands.Logs.class, ConsoleCommand.class, FileCommands.Ls.class, FileCommands.Mkdir.class,
            FileCommands.Rm.class, FileCommands.Mv.class, FileCommands.Cp.class, TransferCommands.Upload.class,
            TransferCommands.Download.class, OperationCommands.Backup.class, OperationCommands.Ops.class,
            OperationCommands.Audit.class, AutomationCommands.Group.class, MfpCli.Login.class, picocli.AutoComplete.GenerateCompletion.class},
        defaultValueProvider = Profile.class,
        footer = {"", "Examples:",
            "  mfp login http://127.0.0.1:11452 <main token>",
            "  mfp status",
            "  mfp upload --resume paper.jar caches/uploads/paper.jar",
            "  mfp start <id> && mfp logs <id> -f",
            "  mfp console <id>",
            "  mfp --api v2 call mcsl.instance.report.list",
            "", "Exit codes: 0 done, 1 usage, 2 the daemon answered an error (printed as one line"
            + " \"error <code> …\"), 3 cannot connect, 4 timed out waiting for a state."})
public final class MfpCli {
    @Option(names = {"-u", "--url"},
            description = "Daemon base URL (env MFP_URL, then the profile of `mfp login`; default "
                    + Profile.DEFAULT_URL + ").")
    URI url;

    @Option(names = {"-t", "--token"},
            description = "Main token or subtoken (env MFP_TOKEN, then the profile of `mfp login`).")
    String token;

    @Option(names = "--api", defaultValue = "v1", description = "Protocol: v1 (actions, /api/v1) or v2 (JSON-RPC"
            + " methods, /api/v2); default ${DEFAULT-VALUE}.")
    String api;

    @Option(names = "--json", scope = CommandLine.ScopeType.INHERIT,
            description = "Print JSON instead of tables (status, instances).")
    boolean json;

    boolean v2() {
        if (!api.equals("v1") && !api.equals("v2")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--api is v1 or v2");
        }
        return api.equals("v2");
    }

    MfpV2Client connectV2() {
        if (token == null || token.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "a token is needed: --token, MFP_TOKEN or mfp login");
        }
        return MfpV2Client.connect(url, token);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MfpCli()).execute(args));
    }

    MfpClient connect() {
        if (token == null || token.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "a token is needed: --token, MFP_TOKEN or mfp login");
        }
        return MfpClient.connect(url, token);
    }

    static void print(JsonNode node) {
        try {
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (Exception e) {
            System.out.println(node);
        }
    }

    @Command(name = "login", description = "Check URL and TOKEN against the daemon and store them in the profile"
            + " (owner-only), so that later commands need neither.")
    static final class Login implements Callable<Integer> {
        @Parameters(index = "0", description = "Daemon base URL, e.g. http://host:11452")
        URI url;

        @Parameters(index = "1", description = "Main token or a token for /api/v2.")
        String token;

        @Override
        public Integer call() throws Exception {
            try (MfpV2Client c = MfpV2Client.connect(url, token)) {
                c.call("mcsl.daemon.ping");
            } catch (dev.mfp.client.MfpConnectException e) {
                System.err.println("error cannot log in to " + url + ": " + e.getMessage());
                return 3;
            }
            Profile.save(url.toString(), token);
            System.out.println("logged in to " + url + "; profile " + Profile.file());
            return 0;
        }
    }

    @Command(name = "info", description = "Print GET /info.")
    static final class Info implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Override
        public Integer call() {
            print(new MfpHttp(parent.url).info());
            return 0;
        }
    }

    @Command(name = "token", description = "Mint a subtoken with the main token (--token).")
    static final class Token implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Option(names = {"-p", "--permissions"}, required = true, description = "e.g. mcsl.daemon.file.**,mcsl.daemon.java_list")
        String permissions;

        @Option(names = {"-e", "--expires"}, description = "Lifetime in seconds (daemon default 30).")
        Long expires;

        @Override
        public Integer call() {
            System.out.println(new MfpHttp(parent.url).mintSubtoken(parent.token, permissions, expires));
            return 0;
        }
    }

    @Command(name = "call", description = "Call an action with JSON params and print the result data.")
    static final class Call implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Parameters(index = "0", description = "Action name, e.g. ping")
        String action;

        @Parameters(index = "1", arity = "0..1", description = "Params as a JSON object (default {}).")
        String params;

        @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait (default ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            if (parent.v2()) {
                JsonNode p = params == null ? null : Json.mapper().readTree(params);
                try (MfpV2Client c = parent.connectV2()) {
                    c.timeout(Duration.ofSeconds(timeoutSeconds));
                    print(c.call(action, p));
                    return 0;
                } catch (MfpV2Exception e) {
                    System.err.println("error " + e.error());
                    return 2;
                }
            }
            JsonNode p = params == null ? Json.mapper().createObjectNode() : Json.mapper().readTree(params);
            try (MfpClient c = parent.connect()) {
                c.timeout(Duration.ofSeconds(timeoutSeconds));
                print(c.call(action, p));
                return 0;
            } catch (MfpException e) {
                System.err.println("error " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "watch", description = "Subscribe to events and print them until interrupted.")
    static final class Watch implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Parameters(index = "0", description = "instance_log or daemon_report (v2: an event name such as"
                + " mcsl.event.instance.log)")
        String type;

        @Option(names = {"-i", "--instance"}, description = "Instance id (for instance_log).")
        String instance;

        @Option(names = "--raw", description = "Print whole event frames instead of log lines.")
        boolean raw;

        @Override
        public Integer call() throws Exception {
            if (parent.v2()) {
                return watchV2();
            }
            MfpClient c = parent.connect();
            c.onEvent(e -> {
                if (!raw && e.event().equals("instance_log")) {
                    System.out.println(e.data().path("log").asText());
                } else {
                    ObjectNode n = Json.mapper().createObjectNode();
                    n.put("event", e.event());
                    n.set("meta", e.meta());
                    n.set("data", e.data());
                    n.put("time", e.time());
                    System.out.println(n);
                }
            });
            ObjectNode p = Json.mapper().createObjectNode().put("type", type);
            if (instance != null) {
                p.putObject("meta").put("instance_id", instance);
            } else {
                p.putNull("meta");
            }
            c.call("subscribe_event", p);
            CountDownLatch done = new CountDownLatch(1);
            c.closeFuture().whenComplete((ci, err) -> done.countDown());
            done.await();
            return 0;
        }

        /** v2: subscribe, then print each notification (log events as their line unless --raw). */
        private Integer watchV2() throws Exception {
            try (MfpV2Client c = parent.connectV2()) {
                ObjectNode p = Json.mapper().createObjectNode().put("event", type);
                if (instance != null) {
                    p.putObject("meta").put("instance_id", instance);
                }
                c.call("mcsl.event.subscribe", p);
                while (!c.closed().isDone()) {
                    JsonNode n = c.nextNotification(Duration.ofSeconds(1));
                    if (n == null) {
                        continue;
                    }
                    if (!raw && n.path("method").asText().equals("mcsl.event.instance.log")) {
                        System.out.println(n.path("params").path("data").path("log").asText());
                    } else {
                        System.out.println(n);
                    }
                }
            }
            return 0;
        }
    }
}
