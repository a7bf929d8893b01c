package dev.mfp.daemon.instance;

import static dev.mfp.daemon.instance.MinecraftConsoleWatcher.Signal.CRASH;
import static dev.mfp.daemon.instance.MinecraftConsoleWatcher.Signal.DONE;
import static dev.mfp.daemon.instance.MinecraftConsoleWatcher.Signal.NONE;
import static dev.mfp.daemon.instance.MinecraftConsoleWatcher.Signal.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The console lines that move a Minecraft server's state (files-and-instances.md §5.4), in process. */
class MinecraftConsoleWatcherTest {
    @Test
    void theDoneLineInItsForms() {
        assertThat(MinecraftConsoleWatcher.classify("[12:00:01 INFO]: Done (3.456s)! For help, type \"help\""))
                .isEqualTo(DONE);
        assertThat(MinecraftConsoleWatcher.classify("[Server thread/INFO]: Done (12.5s)! For help, type 'help'  \r"))
                .isEqualTo(DONE);
        assertThat(MinecraftConsoleWatcher.classify("Done (3s)! For help, type \"help\"")).as("no decimals")
                .isEqualTo(NONE);
        assertThat(MinecraftConsoleWatcher.classify("Done (3.4567s)! For help, type \"help\"")).as("4 decimals")
                .isEqualTo(NONE);
        assertThat(MinecraftConsoleWatcher.classify("Done (3.4s)! For help, type \"help\" or ask")).as("not at the end")
                .isEqualTo(NONE);
    }

    @Test
    void stoppingAndCrashAndTheirPrecedence() {
        assertThat(MinecraftConsoleWatcher.classify("[INFO]: Stopping the server")).isEqualTo(STOPPING);
        assertThat(MinecraftConsoleWatcher.classify("---- Minecraft has crashed! ----")).isEqualTo(CRASH);
        assertThat(MinecraftConsoleWatcher.classify("Minecraft has crashed while Stopping the server")).isEqualTo(CRASH);
        assertThat(MinecraftConsoleWatcher.classify("Stopping the server; Done (1.0s)! For help, type \"help\""))
                .isEqualTo(STOPPING);
        assertThat(MinecraftConsoleWatcher.classify("<player> hello")).isEqualTo(NONE);
        assertThat(MinecraftConsoleWatcher.classify("")).isEqualTo(NONE);
    }

    /** v2 instances.md §7.3 vectors. */
    @Test
    void theV2DoneVectors() {
        for (String yes : new String[] {"[12:00:09] [Server thread/INFO]: Done (7.512s)! For help, type \"help\"",
            "Done (7.512s)! For help, type 'help' or '?'", "Done (7.5s)! For help, type \"help\" or \"?\"",
            "Done (7.51s)! For help, type \"help\" or \"?\"  \t"}) {
            assertThat(MinecraftConsoleWatcher.classify(yes)).as(yes).isEqualTo(DONE);
        }
        for (String no : new String[] {"Done (7s)! For help, type \"help\"", "Done (7.5123s)! For help, type \"help\"",
            "Done (7.512s)! For help, type help", "done (7.512s)! For help, type \"help\"",
            "Done (7.512s)! For help, type \"help\" now", "Done (7.512s)! For help, type \"help\" or \"?\" ok"}) {
            assertThat(MinecraftConsoleWatcher.classify(no)).as(no).isEqualTo(NONE);
        }
    }
}
