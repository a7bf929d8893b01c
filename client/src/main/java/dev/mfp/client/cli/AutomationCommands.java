package dev.mfp.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfp.protocol.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The automation policy document over v2 (spec-v2 automation.md): {@code mfp automation get|apply FILE|test}. */
final class AutomationCommands {
    private AutomationCommands() {
    }

    @Command(name = "automation", description = "Automation policies: show, apply, dry-run.",
            subcommands = {AutomationCommands.Get.class, AutomationCommands.Apply.class,
                AutomationCommands.Test.class})
    static final class Group {
        @ParentCommand
        MfpCli parent;
    }

    @Command(name = "get", description = "Print the applied policy document and the active suppressions.")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        Group group;

        @Override
        public Integer call() {
            return InstanceCommands.run(group.parent, c -> {
                MfpCli.print(c.call("mcsl.automation.get"));
                return 0;
            });
        }
    }

    @Command(name = "apply", description = "Validate FILE (a policy document in JSON) and apply it on top of the"
            + " current version; prints the diagnostics or the new version.")
    static final class Apply implements Callable<Integer> {
        @ParentCommand
        Group group;

        @Parameters(index = "0", description = "JSON file: {\"policies\": [...]} (its version is replaced by the"
                + " current one).")
        Path file;

        @Override
        public Integer call() {
            return InstanceCommands.run(group.parent, c -> {
                JsonNode doc = Json.mapper().readTree(Files.readString(file));
                if (!doc.isObject()) {
                    System.err.println("error " + file + " is not a JSON object");
                    return 1;
                }
                ObjectNode set = ((ObjectNode) doc).deepCopy();
                JsonNode diagnostics = c.call("mcsl.automation.validate", Map.of("policy_set", set))
                        .get("diagnostics");
                if (!diagnostics.isEmpty()) {
                    diagnostics.forEach(d -> System.out.println(d.path("code").asText() + " "
                            + d.path("policy_id").asText("-") + " " + d.path("message").asText()));
                    return 2;
                }
                set.put("version", c.call("mcsl.automation.get").at("/policy_set/version").asLong());
                System.out.println("version " + c.call("mcsl.automation.apply", Map.of("policy_set", set))
                        .get("version").asLong());
                return 0;
            });
        }
    }

    @Command(name = "test", description = "Dry run: which policy would fire now, and why not.")
    static final class Test implements Callable<Integer> {
        @ParentCommand
        Group group;

        @Override
        public Integer call() {
            MfpCli cli = group.parent;
            return InstanceCommands.run(cli, c -> {
                JsonNode outcomes = c.call("mcsl.automation.test").get("outcomes");
                if (cli.json) {
                    MfpCli.print(outcomes);
                    return 0;
                }
                Table t = new Table("POLICY", "FIRES", "TARGET", "REASON");
                outcomes.forEach(o -> t.row(o.path("policy_id").asText(), o.path("would_fire").asBoolean() ? "yes"
                        : "no", o.path("target").asText("-"), o.path("reason").asText()));
                System.out.print(t.render());
                return 0;
            });
        }
    }
}
