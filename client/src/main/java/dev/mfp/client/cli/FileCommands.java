package dev.mfp.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The file manager for people, over v2 (transfer.md §3): {@code ls}, {@code mkdir}, {@code rm}, {@code mv}, {@code cp}. */
final class FileCommands {
    private FileCommands() {
    }

    @Command(name = "ls", description = "List a directory of the daemon root (default: the root).")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Parameters(index = "0", defaultValue = ".", description = "Directory (root-relative).")
        String path;

        @Override
        public Integer call() {
            return InstanceCommands.run(parent, c -> {
                JsonNode info = c.call("mcsl.directory.info.get", Map.of("path", path));
                if (parent.json) {
                    MfpCli.print(info);
                    return 0;
                }
                Table t = new Table("NAME", "SIZE", "MODIFIED");
                info.path("directories").forEach(d -> t.row(d.path("name").asText() + "/", "",
                        d.path("meta").path("last_write_time").asText()));
                info.path("files").forEach(f -> t.row(f.path("name").asText(),
                        Table.bytes(f.path("meta").path("size").asLong()),
                        f.path("meta").path("last_write_time").asText()));
                System.out.print(t.render());
                return 0;
            });
        }
    }

    @Command(name = "mkdir", description = "Create a directory and its missing parents.")
    static final class Mkdir implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Parameters(index = "0", description = "Directory (root-relative).")
        String path;

        @Override
        public Integer call() {
            return InstanceCommands.run(parent, c -> {
                c.call("mcsl.directory.create", Map.of("path", path));
                return 0;
            });
        }
    }

    @Command(name = "rm", description = "Delete a file, or a directory with -r (an empty one without).")
    static final class Rm implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Parameters(index = "0", description = "Path (root-relative).")
        String path;

        @Option(names = {"-r", "--recursive"}, description = "Delete a directory and everything in it.")
        boolean recursive;

        @Option(names = {"-d", "--dir"}, description = "The path is a directory (implied by -r).")
        boolean dir;

        @Override
        public Integer call() {
            return InstanceCommands.run(parent, c -> {
                if (recursive || dir) {
                    c.call("mcsl.directory.delete", Map.of("path", path, "recursive", recursive));
                } else {
                    c.call("mcsl.file.delete", Map.of("path", path));
                }
                return 0;
            });
        }
    }

    /** mv and cp: file or directory, by what the source is. */
    abstract static class Transfer implements Callable<Integer> {
        @ParentCommand
        MfpCli parent;

        @Parameters(index = "0", description = "Source (root-relative).")
        String source;

        @Parameters(index = "1", description = "Destination (root-relative, full path).")
        String destination;

        abstract String verb();

        @Override
        public Integer call() {
            return InstanceCommands.run(parent, c -> {
                boolean isDir;
                try {
                    c.call("mcsl.directory.info.get", Map.of("path", source));
                    isDir = true;
                } catch (dev.mfp.client.v2.MfpV2Exception e) {
                    isDir = false;
                }
                c.call((isDir ? "mcsl.directory." : "mcsl.file.") + verb(), Map.of("source_path", source,
                        "destination_path", destination));
                return 0;
            });
        }
    }

    @Command(name = "mv", description = "Move a file or directory (the destination must not exist).")
    static final class Mv extends Transfer {
        @Override
        String verb() {
            return "move";
        }
    }

    @Command(name = "cp", description = "Copy a file (overwrites) or a directory (merges).")
    static final class Cp extends Transfer {
        @Override
        String verb() {
            return "copy";
        }
    }
}
