package dev.mfp.client.cli;

import java.util.Map;
import picocli.CommandLine;

/**
 * Writes {@code docs/cli.md} from the picocli model (the usage of {@code mfp} and of every command), so the reference
 * cannot drift from the code: {@code CliReferenceTest} compares the file with this output. Regenerate with
 * {@code java -cp client/target/mfp-client-cli.jar dev.mfp.client.cli.CliReference > docs/cli.md}.
 */
public final class CliReference {
    private CliReference() {
    }

    public static String render() {
        CommandLine root = new CommandLine(new MfpCli());
        root.setUsageHelpWidth(100);
        StringBuilder md = new StringBuilder();
        md.append("# `mfp` command reference\n\n");
        md.append("Generated from the command definitions (`dev.mfp.client.cli.CliReference`); a test keeps it in step.\n\n");
        md.append("```\n").append(usage(root)).append("```\n");
        commands(md, "mfp", root);
        return md.toString();
    }

    private static void commands(StringBuilder md, String prefix, CommandLine parent) {
        for (Map.Entry<String, CommandLine> e : parent.getSubcommands().entrySet()) {
            String name = prefix + " " + e.getKey();
            e.getValue().setUsageHelpWidth(100);
            md.append("\n## `").append(name).append("`\n\n```\n").append(usage(e.getValue())).append("```\n");
            commands(md, name, e.getValue());
        }
    }

    private static String usage(CommandLine c) {
        // no ANSI codes, stable across terminals; no trailing blanks
        String text = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
        return text.lines().map(String::stripTrailing).reduce(new StringBuilder(),
                (b, l) -> b.append(l).append('\n'), StringBuilder::append).toString();
    }

    public static void main(String[] args) {
        System.out.print(render());
    }
}
